using Cellular.Cli.Rendering;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Tests.Rendering;

public sealed class MigrationRenderingTests
{
    [Fact]
    public void BuildProgress_CatchingUp_DoneRunningAndPendingPhases()
    {
        var console = new CapturedConsole();
        var migration = Samples.Migration(state: MigrationState.CatchingUp);

        // 165 ms after the start: Planned (5) and Copying (120) are done, catching up has run 40 ms.
        console.Console.Write(MigrationRendering.BuildProgress(migration, Samples.Now.AddMilliseconds(165)));

        var text = console.Text;
        Assert.Contains("acme: c1 → c2 (mig-1)", text, StringComparison.Ordinal);
        Assert.Matches(@"│ ✓ +│ Planned +│ +5 ms │", text);
        Assert.Matches(@"│ ✓ +│ Copying +│ +120 ms │ snapshot of 1,200 rows, 337.6 KB read", text);
        Assert.Matches(@"│ … +│ CatchingUp +│ +40 ms │ 3 rounds, 30 changes, lag 0", text);
        Assert.Matches(@"│ · +│ Verifying +│", text);
        Assert.Matches(@"│ · +│ Complete +│", text);
    }

    [Fact]
    public void BuildProgress_Aborted_EndsWithReasonAndHidesStepsNeverReached()
    {
        var console = new CapturedConsole();

        console.Console.Write(MigrationRendering.BuildProgress(Samples.Migration(state: MigrationState.Aborted), Samples.Now));

        Assert.Matches(@"│ ✗ +│ Aborted +│ +│ Cutover over budget: 2.4 s > 2 s", console.Text);
        Assert.DoesNotContain("Switched", console.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Soak", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildProgress_ReversedWithoutOwnRecords_StepsPassedAreDone()
    {
        var console = new CapturedConsole();
        var soaked = Samples.Migration(state: MigrationState.Soak);

        // No Planned record (it started at once) and no Complete record (a reverse took over).
        var migration = soaked with
        {
            State = MigrationState.Complete,
            ReversedBy = "mig-2",
            Report = soaked.Report with { Phases = [.. soaked.Report.Phases.Where(p => p.Phase != MigrationState.Planned)] },
        };
        console.Console.Write(MigrationRendering.BuildProgress(migration, Samples.Now));

        Assert.Matches(@"│ ✓ +│ Planned +│ +│", console.Text);
        Assert.Matches(@"│ ✓ +│ Complete +│ +│ reversed by mig-2", console.Text);
        Assert.DoesNotContain("·", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSummary_Moved_WritePauseCopyAndVerification()
    {
        var console = new CapturedConsole();

        MigrationRendering.WriteSummary(console.Console, Samples.Migration(state: MigrationState.Soak));

        var text = console.Text;
        Assert.Contains("Moved acme: c1 → c2 (mig-1) in 217 ms.", text, StringComparison.Ordinal);
        Assert.Matches(@"Writes paused +38 ms \(from the source fence: target active after 31 ms, table published after 38 ms, drain 3 ms\)", text);
        Assert.Matches(@"Copied +1,200 rows \+ 30 changes, 337.6 KB, 3 catch-up rounds \(lag 0\)", text);
        Assert.Matches(@"Verification +hashes match \(sha256:01234… over 1,200 rows, after the fence\)", text);
        Assert.Matches(@"Epoch +1 → 2", text);
        Assert.Contains("kept in c1 until 2025-06-01 12:00:30Z", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSummary_HashesDiffer_SaysSo()
    {
        var console = new CapturedConsole();
        var migration = Samples.Migration(state: MigrationState.Complete);
        migration = migration with { Report = migration.Report with { Cutover = migration.Report.Cutover! with { TargetHash = "sha256:ffff" } } };

        MigrationRendering.WriteSummary(console.Console, migration);

        Assert.Contains("hashes differ (source sha256:01234…, target sha256:ffff)", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSummary_Failed_ReasonWithoutStaysLine()
    {
        var console = new CapturedConsole();

        MigrationRendering.WriteSummary(console.Console, Samples.Migration(state: MigrationState.Failed));

        Assert.Equal("Failed moving acme: c1 → c2 (mig-1): Cell c2 is not Active.", console.Text.TrimEnd());
    }

    [Fact]
    public void PhaseLine_Cutover_AlignedWithDetail()
    {
        var console = new CapturedConsole();
        var migration = Samples.Migration(state: MigrationState.Soak);

        console.Console.MarkupLine(MigrationRendering.PhaseLine(migration, MigrationRendering.Phases(migration)[4], Samples.Now));

        Assert.Equal("  ✓ Cutover        30 ms  drain 3 ms, final sync 4 changes (budget 2.00 s)", console.Text.TrimEnd());
    }

    [Fact]
    public void Phases_RepeatedStep_FoldedIntoOne()
    {
        var migration = Samples.Migration(state: MigrationState.Planned);
        var at = Samples.Now;
        migration = migration with
        {
            Report = migration.Report with
            {
                Phases =
                [
                    new MigrationPhase(MigrationState.CatchingUp, at, at.AddMilliseconds(10), 10),
                    new MigrationPhase(MigrationState.Verifying, at.AddMilliseconds(10), at.AddMilliseconds(15), 5),
                    new MigrationPhase(MigrationState.CatchingUp, at.AddMilliseconds(15), at.AddMilliseconds(40), 25),
                ],
            },
        };

        var phases = MigrationRendering.Phases(migration);

        Assert.Equal([MigrationState.CatchingUp, MigrationState.Verifying], phases.Select(p => p.Phase));
        Assert.Equal(35, phases[0].DurationMs);
        Assert.Equal(at.AddMilliseconds(40), phases[0].EndedAt);
    }

    [Theory]
    [InlineData(MigrationState.Planned, false)]
    [InlineData(MigrationState.Cutover, false)]
    [InlineData(MigrationState.Switched, false)]
    [InlineData(MigrationState.Soak, true)]
    [InlineData(MigrationState.Complete, true)]
    [InlineData(MigrationState.Aborted, true)]
    [InlineData(MigrationState.Failed, true)]
    public void IsSettled_States(MigrationState state, bool settled) => Assert.Equal(settled, MigrationRendering.IsSettled(state));
}
