using Cellular.Cli.Rendering;
using Cellular.Cli.Tests.Infrastructure;
using Spectre.Console;

namespace Cellular.Cli.Tests.Rendering;

public sealed class BlastRadiusRenderingTests
{
    [Fact]
    public void Write_Contained_VerdictWindowsCellsTenantsAndEvidence()
    {
        var console = new CapturedConsole();

        BlastRadiusRendering.Write(console.Console, Samples.Report());

        var text = console.Text;
        Assert.StartsWith("Blast radius: contained — the failure stayed inside c1", text, StringComparison.Ordinal);
        Assert.Contains("Windows: before 11:59:50–12:00:00 · during 12:00:00–12:00:30 · after 12:00:30–12:00:40", text, StringComparison.Ordinal);
        Assert.Contains("Tenants with errors during the fault: 2 of 4 (50.0%): t1, t2", text, StringComparison.Ordinal);
        Assert.Contains("Only the targets' tenants were affected, and all of them.", text, StringComparison.Ordinal);
        Assert.Contains("• c2: error rate 0.0% → 0.0%, p99 13 ms → 14 ms (90 requests), within limits", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildCellTable_TargetFirstOneRowPerWindow()
    {
        var console = new CapturedConsole();

        console.Console.Write(BlastRadiusRendering.BuildCellTable(Samples.Report()));

        var lines = console.Text.Split('\n').Where(l => l.Contains('│', StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.Equal(["CELL", "WINDOW", "REQUESTS", "SUCCESS", "P50", "P99", "TENANTS WITH ERRORS", "VERDICT"], lines[0]);
        Assert.Equal(["c1 (target)", "before", "100", "100.0%", "6.5 ms", "13 ms", "0", "target"], lines[1]);
        Assert.Equal(["", "during", "80", "0.0%", "11 ms", "12 ms", "2", ""], lines[2]);
        Assert.Equal(["", "after", "100", "100.0%", "6.5 ms", "13 ms", "0", ""], lines[3]);
        Assert.Equal(["c2", "before", "100", "100.0%", "6.5 ms", "13 ms", "0", "contained"], lines[4]);
        Assert.Equal(["", "during", "90", "100.0%", "7 ms", "14 ms", "0", ""], lines[5]);
    }

    [Fact]
    public void Write_Leaked_NamesTheCellAndTheTenantsOutside()
    {
        var console = new CapturedConsole();

        BlastRadiusRendering.Write(console.Console, Samples.Report("leaked"));

        Assert.Contains("Blast radius: leaked — it reached c2", console.Text, StringComparison.Ordinal);
        Assert.Contains("Affected outside the targets: 1: t3", console.Text, StringComparison.Ordinal);
        Assert.Contains("400 ms", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Headline_Unknown_SaysTheFaultPhaseWasNotMeasured()
    {
        var console = new CapturedConsole();

        console.Console.MarkupLine(BlastRadiusRendering.Headline(Samples.Report() with { Verdict = "unknown" }));

        Assert.Equal("unknown — the fault phase could not be measured", console.Text.TrimEnd());
    }

    private static string[] Cells(string line) =>
        [.. line.Split('│', StringSplitOptions.None).Skip(1).SkipLast(1).Select(c => c.Trim())];
}
