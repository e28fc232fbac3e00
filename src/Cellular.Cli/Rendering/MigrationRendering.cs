using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cellular.Cli.Rendering;

/// <summary>
/// Live tenant migrations: the phase-by-phase progress of one move and one line per finished phase
/// for logs; the summaries and tables of many moves are in the <c>.Summary.cs</c> part.
/// </summary>
internal static partial class MigrationRendering
{
    /// <summary>The happy path, in order; the table shows each once, greyed until reached.</summary>
    public static IReadOnlyList<MigrationState> Path { get; } =
    [
        MigrationState.Planned, MigrationState.Copying, MigrationState.CatchingUp, MigrationState.Verifying,
        MigrationState.Cutover, MigrationState.Switched, MigrationState.Soak, MigrationState.Complete,
    ];

    /// <summary>
    /// True once a watcher can stop: the tenant serves from its new cell (<see cref="MigrationState.Soak"/>
    /// only keeps the old copy for a cheap reverse) or the move ended without it.
    /// </summary>
    public static bool IsSettled(MigrationState state) =>
        state is MigrationState.Soak or MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed;

    /// <summary>True when the tenant ended up on the target cell.</summary>
    public static bool Succeeded(MigrationState state) =>
        state is MigrationState.Switched or MigrationState.Soak or MigrationState.Complete;

    /// <summary>E.g. <c>acme: c1 → c2 (mig-4)</c>.</summary>
    public static string Title(Migration migration) =>
        $"[bold]{Markup.Escape(migration.Tenant)}[/]: {Markup.Escape(migration.From)} → {Markup.Escape(migration.To)} [grey]({Markup.Escape(migration.Id)})[/]";

    /// <summary>One phase per entered step of <paramref name="migration"/>, repeated entries folded into one (first start, last end, summed time).</summary>
    public static IReadOnlyList<MigrationPhase> Phases(Migration migration)
    {
        var folded = new List<MigrationPhase>();
        foreach (var phase in migration.Report.Phases)
        {
            var index = folded.FindIndex(p => p.Phase == phase.Phase);
            if (index < 0)
            {
                folded.Add(phase);
                continue;
            }

            var earlier = folded[index];
            folded[index] = earlier with
            {
                EndedAt = phase.EndedAt,
                DurationMs = earlier.DurationMs is { } a && phase.DurationMs is { } b ? a + b : phase.DurationMs ?? earlier.DurationMs,
            };
        }

        return folded;
    }

    /// <summary>The live view of one move: a title and a row per step with its status, time and what it did.</summary>
    public static IRenderable BuildProgress(Migration migration, DateTimeOffset now)
    {
        var phases = Phases(migration);
        var table = new Table().Border(TableBorder.Rounded).Title(Title(migration));
        table.AddColumn(string.Empty);
        table.AddColumn("PHASE");
        table.AddColumn(new TableColumn("TIME").RightAligned());
        table.AddColumn("DETAIL");
        var ended = migration.State is MigrationState.Aborted or MigrationState.Failed;
        var reached = ended
            ? phases.Select(p => IndexInPath(p.Phase)).DefaultIfEmpty(-1).Max()
            : IndexInPath(migration.State);
        for (var index = 0; index < Path.Count; index++)
        {
            var step = Path[index];
            var phase = phases.FirstOrDefault(p => p.Phase == step);
            if (phase is null)
            {
                // A step passed without a record of its own (a migration that did not queue, or one a
                // reverse completed) is done; later ones are grey while they may still come, and gone
                // once the move ended without them.
                if (index < reached || (index == reached && step == MigrationState.Complete))
                {
                    table.AddRow("[green]✓[/]", step.ToString(), string.Empty, Markup.Escape(Detail(step, migration)));
                }
                else if (index == reached)
                {
                    table.AddRow("[blue]…[/]", $"[blue]{step}[/]", string.Empty, Markup.Escape(Detail(step, migration)));
                }
                else if (!ended)
                {
                    table.AddRow("[grey]·[/]", $"[grey]{step}[/]", string.Empty, string.Empty);
                }

                continue;
            }

            var running = phase.EndedAt is null && migration.State == step && step != MigrationState.Complete;
            table.AddRow(
                running ? "[blue]…[/]" : "[green]✓[/]",
                running ? $"[blue]{step}[/]" : step.ToString(),
                Styles.Elapsed(PhaseTime(phase, now)),
                Markup.Escape(Detail(step, migration)));
        }

        if (ended)
        {
            table.AddRow("[red]✗[/]", Styles.State(migration.State), string.Empty, $"[red]{Markup.Escape(migration.Reason ?? string.Empty)}[/]");
        }

        return table;
    }

    /// <summary>One line for a finished phase, for logs and pipes: <c>✓ Copying      120 ms  1,200 rows, 340 KB</c>.</summary>
    public static string PhaseLine(Migration migration, MigrationPhase phase, DateTimeOffset now)
    {
        var detail = Detail(phase.Phase, migration);
        var name = phase.Phase.ToString().PadRight(11);
        var time = Styles.Elapsed(PhaseTime(phase, now)).PadLeft(9);
        return $"  [green]✓[/] {name}{time}{(detail.Length == 0 ? string.Empty : "  " + Markup.Escape(detail))}";
    }

    private static int IndexInPath(MigrationState state)
    {
        for (var i = 0; i < Path.Count; i++)
        {
            if (Path[i] == state)
            {
                return i;
            }
        }

        return -1;
    }

    private static TimeSpan PhaseTime(MigrationPhase phase, DateTimeOffset now)
    {
        var time = phase.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms)
            : phase.EndedAt is { } end ? end - phase.StartedAt
            : now - phase.StartedAt;
        return time < TimeSpan.Zero ? TimeSpan.Zero : time;
    }

    private static string Detail(MigrationState phase, Migration migration)
    {
        var report = migration.Report;
        return phase switch
        {
            MigrationState.Planned when migration.State == MigrationState.Planned => "waiting for a free slot on both cells",
            MigrationState.Copying when report.RowsCopied > 0 || report.BytesCopied > 0 => $"snapshot of {Styles.Count(report.RowsCopied)} rows, {Styles.Bytes(report.BytesCopied)} read",
            MigrationState.CatchingUp => string.Create(
                CultureInfo.InvariantCulture,
                $"{report.CatchUpRounds} {(report.CatchUpRounds == 1 ? "round" : "rounds")}, {Styles.Count(report.ChangesCopied)} changes{(report.CatchUpLag is { } lag ? $", lag {Styles.Count(lag)}" : string.Empty)}"),
            MigrationState.Verifying when report.Verification is { } verification => verification.Detail,
            MigrationState.Cutover when report.Cutover is { } cutover => string.Create(
                CultureInfo.InvariantCulture,
                $"drain {Styles.Elapsed(TimeSpan.FromMilliseconds(cutover.DrainMs))}, final sync {Styles.Count(cutover.FinalSyncChanges)} changes (budget {Styles.Elapsed(TimeSpan.FromMilliseconds(cutover.BudgetMs))})"),
            MigrationState.Switched when PauseMs(migration) is { } pause => $"writes paused {Styles.Elapsed(TimeSpan.FromMilliseconds(pause))}",
            MigrationState.Soak when migration.SoakUntil is { } until => $"old copy kept until {Styles.Time(until)}",
            MigrationState.Complete => migration.ReversedBy is { } reverse ? $"reversed by {reverse}" : "old copy purged",
            _ => string.Empty,
        };
    }
}
