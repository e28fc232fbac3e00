using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

// What an operator wants once a move has run (how long writes paused, what was copied, whether the
// copy verified) and one row per move when there are many.
internal static partial class MigrationRendering
{
    private const int ShortHashLength = 12;
    private const int MaxReasonWidth = 60;

    /// <summary>After a move: moved or not, how long writes paused, what was copied, and whether the copy verified.</summary>
    public static void WriteSummary(IAnsiConsole console, Migration migration)
    {
        if (!Succeeded(migration.State))
        {
            var stays = migration.State == MigrationState.Aborted
                ? $" The tenant stays in {Markup.Escape(migration.From)}."
                : string.Empty;
            console.MarkupLine(
                $"{Styles.State(migration.State)} moving {Title(migration)}: {Markup.Escape(migration.Reason ?? "no reason given")}.{stays}");
            return;
        }

        var took = WorkingTime(migration);
        console.MarkupLine($"[green]Moved[/] {Title(migration)} in {Styles.Elapsed(took)}.");
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().Padding(2, 0, 2, 0)).AddColumn();
        grid.AddRow("[grey]Writes paused[/]", WritePause(migration));
        grid.AddRow("[grey]Copied[/]", Markup.Escape(Copied(migration.Report)));
        grid.AddRow("[grey]Verification[/]", Verification(migration));
        grid.AddRow("[grey]Epoch[/]", string.Create(CultureInfo.InvariantCulture, $"{migration.FromEpoch} → {migration.Epoch}"));
        if (migration.SoakUntil is { } soak && migration.State == MigrationState.Soak)
        {
            grid.AddRow("[grey]Old copy[/]", $"kept in {Markup.Escape(migration.From)} until {Styles.Time(soak)}; undo cheaply before then with [bold]cellctl migrations reverse {Markup.Escape(migration.Id)}[/]");
        }

        if (!string.IsNullOrEmpty(migration.LastError))
        {
            grid.AddRow("[grey]Last error[/]", $"[yellow]{Markup.Escape(migration.LastError)}[/]");
        }

        console.Write(grid);
    }

    /// <summary><c>migrations show</c>: the phases and the summary, plus who asked and any reverse.</summary>
    public static void WriteDetails(IAnsiConsole console, Migration migration, DateTimeOffset now)
    {
        console.Write(BuildProgress(migration, now));
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]State[/]", Styles.State(migration.State) + (migration.AbortRequested && !IsSettled(migration.State) ? " [yellow](abort requested)[/]" : string.Empty));
        grid.AddRow("[grey]Weight[/]", migration.Weight.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("[grey]Created[/]", $"{Styles.Time(migration.CreatedAt)} by {Markup.Escape(migration.CreatedBy)}{(migration.Force ? " [yellow](forced: the tenant is pinned)[/]" : string.Empty)}");
        grid.AddRow("[grey]Updated[/]", $"{Styles.Time(migration.UpdatedAt)} ({Styles.Ago(migration.UpdatedAt, now)})");
        if (migration.ReverseOf is { } of)
        {
            grid.AddRow("[grey]Reverses[/]", Markup.Escape(of));
        }

        if (migration.ReversedBy is { } by)
        {
            grid.AddRow("[grey]Reversed by[/]", Markup.Escape(by));
        }

        console.Write(grid);
        if (Succeeded(migration.State))
        {
            WriteSummary(console, migration);
        }
    }

    /// <summary>Many moves at once (list, evacuation, rebalance): one row each with state, time, write pause and verification.</summary>
    public static Table BuildTable(IEnumerable<Migration> migrations, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("ID");
        table.AddColumn("TENANT");
        table.AddColumn("FROM → TO");
        table.AddColumn("STATE");
        table.AddColumn(new TableColumn("TOOK").RightAligned());
        table.AddColumn(new TableColumn("WRITES PAUSED").RightAligned());
        table.AddColumn("VERIFIED");
        table.AddColumn("NOTE");
        foreach (var migration in migrations)
        {
            var note = migration.Reason ?? migration.LastError;
            table.AddRow(
                Markup.Escape(migration.Id),
                Markup.Escape(migration.Tenant),
                Markup.Escape($"{migration.From} → {migration.To}"),
                Styles.State(migration.State) + (migration.AbortRequested && !IsSettled(migration.State) ? " [yellow](aborting)[/]" : string.Empty),
                migration.State == MigrationState.Planned ? "[grey]-[/]" : Styles.Elapsed(WorkingTime(migration, now)),
                PauseMs(migration) is { } pause ? Styles.Elapsed(TimeSpan.FromMilliseconds(pause)) : "[grey]-[/]",
                Verified(migration),
                note is null ? string.Empty : $"[grey]{Markup.Escape(Styles.Truncate(note, MaxReasonWidth))}[/]");
        }

        return table;
    }

    /// <summary>E.g. <c>4 moved, 1 aborted, 2 still running</c>.</summary>
    public static string Tally(IReadOnlyCollection<Migration> migrations)
    {
        var moved = migrations.Count(m => Succeeded(m.State));
        var parts = new List<string> { $"[green]{moved} moved[/]" };
        var aborted = migrations.Count(m => m.State == MigrationState.Aborted);
        if (aborted > 0)
        {
            parts.Add($"[red]{aborted} aborted[/]");
        }

        var failed = migrations.Count(m => m.State == MigrationState.Failed);
        if (failed > 0)
        {
            parts.Add($"[red]{failed} failed[/]");
        }

        var open = migrations.Count(m => !IsSettled(m.State) && !Succeeded(m.State));
        if (open > 0)
        {
            parts.Add($"{open} still running");
        }

        return string.Join(", ", parts);
    }

    /// <summary>Time spent working on the move, from the first copy to the switch: queueing and soak excluded.</summary>
    public static TimeSpan WorkingTime(Migration migration, DateTimeOffset? now = null) =>
        Phases(migration)
            .Where(p => p.Phase is not (MigrationState.Planned or MigrationState.Soak or MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed))
            .Aggregate(TimeSpan.Zero, (sum, p) => sum + PhaseTime(p, now ?? p.EndedAt ?? p.StartedAt));

    /// <summary>The write-unavailable window: from the source fence until the routers were told (or, before that, the target took over).</summary>
    private static long? PauseMs(Migration migration) =>
        migration.Report.Cutover is { } cutover ? cutover.FenceToPublishMs ?? cutover.FenceToActivateMs ?? cutover.FenceToJournalMs : null;

    private static string WritePause(Migration migration)
    {
        if (migration.Report.Cutover is not { } cutover)
        {
            return "[grey]unknown[/]";
        }

        var parts = new List<string>();
        if (PauseMs(migration) is { } pause)
        {
            parts.Add($"[bold]{Styles.Elapsed(TimeSpan.FromMilliseconds(pause))}[/]");
        }

        var steps = new List<string>();
        if (cutover.FenceToActivateMs is { } activate)
        {
            steps.Add($"target active after {Styles.Elapsed(TimeSpan.FromMilliseconds(activate))}");
        }

        if (cutover.FenceToPublishMs is { } publish)
        {
            steps.Add($"table published after {Styles.Elapsed(TimeSpan.FromMilliseconds(publish))}");
        }

        steps.Add($"drain {Styles.Elapsed(TimeSpan.FromMilliseconds(cutover.DrainMs))}");
        parts.Add($"[grey](from the source fence: {string.Join(", ", steps)})[/]");
        return string.Join(' ', parts);
    }

    private static string Copied(MigrationReport report) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Styles.Count(report.RowsCopied)} rows + {Styles.Count(report.ChangesCopied)} changes, {Styles.Bytes(report.BytesCopied)}, "
            + $"{report.CatchUpRounds} catch-up {(report.CatchUpRounds == 1 ? "round" : "rounds")}{(report.CatchUpLag is { } lag ? $" (lag {Styles.Count(lag)})" : string.Empty)}");

    private static string Verification(Migration migration)
    {
        if (migration.Report.Cutover is { SourceHash: { } source, TargetHash: { } target } cutover)
        {
            return source == target
                ? $"[green]hashes match[/] [grey]({Markup.Escape(Short(source))} over {Styles.Count(cutover.Rows)} rows, after the fence)[/]"
                : $"[red bold]hashes differ[/] [red](source {Markup.Escape(Short(source))}, target {Markup.Escape(Short(target))})[/]";
        }

        if (migration.Report.Verification is { } check)
        {
            return check.Passed
                ? $"[green]passed[/] [grey]({Markup.Escape(check.Detail)})[/]"
                : $"[red]failed[/] [red]({Markup.Escape(check.Detail)})[/]";
        }

        return "[grey]not run[/]";
    }

    private static string Verified(Migration migration)
    {
        if (migration.Report.Cutover is { SourceHash: { } source, TargetHash: { } target })
        {
            return source == target ? "[green]match[/]" : "[red]differ[/]";
        }

        return migration.Report.Verification is { } check
            ? check.Passed ? "[green]pre-check ok[/]" : "[red]pre-check failed[/]"
            : "[grey]-[/]";
    }

    private static string Short(string hash) => hash.Length <= ShortHashLength ? hash : hash[..ShortHashLength] + "…";
}
