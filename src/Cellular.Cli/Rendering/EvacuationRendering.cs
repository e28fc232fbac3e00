using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary><c>cells drain --evacuate</c>: the moves planned off a cell, the tenants left behind, and whether the cell ended up empty.</summary>
internal static class EvacuationRendering
{
    /// <summary>
    /// Right after the evacuation was accepted: the cell's state, one row per planned move, and the
    /// tenants left behind (with a hint at <c>--force</c> unless it was given).
    /// </summary>
    public static void WritePlanned(IAnsiConsole console, CellEvacuation evacuation, bool forced, DateTimeOffset now)
    {
        var cell = Markup.Escape(evacuation.Cell);
        var count = evacuation.Migrations.Count;
        if (count == 0 && evacuation.Skipped.Count == 0)
        {
            console.MarkupLine($"Cell [bold]{cell}[/] is {Styles.State(evacuation.State)} and holds no tenants: nothing to move.");
            return;
        }

        console.MarkupLine($"Cell [bold]{cell}[/] is {Styles.State(evacuation.State)}; {count} {(count == 1 ? "migration" : "migrations")} planned.");
        if (count > 0)
        {
            console.Write(MigrationRendering.BuildTable(evacuation.Migrations, now));
        }

        WriteSkipped(console, evacuation.Skipped);
        if (evacuation.Skipped.Count > 0 && !forced)
        {
            console.MarkupLine("[grey]Pinned tenants move only with[/] --force");
        }
    }

    /// <summary>Once every move has settled: the final table, the tally, and what still keeps the cell from being empty.</summary>
    public static void WriteOutcome(IAnsiConsole console, CellEvacuation evacuation, DateTimeOffset now)
    {
        var cell = Markup.Escape(evacuation.Cell);
        if (evacuation.Migrations.Count > 0)
        {
            console.Write(MigrationRendering.BuildTable(evacuation.Migrations, now));
            console.MarkupLine($"Evacuation of [bold]{cell}[/]: {MigrationRendering.Tally(evacuation.Migrations)}.");
        }

        var notMoved = evacuation.Migrations.Count(m => !MigrationRendering.Succeeded(m.State));
        console.MarkupLine(IsEmptied(evacuation)
            ? $"[green]Cell {cell} holds no tenants now.[/] [grey]Retire it with[/] cellctl cells retire {cell}"
            : $"[yellow]Cell {cell} still holds tenants:[/] {evacuation.Skipped.Count} not moved, {notMoved} {(notMoved == 1 ? "move" : "moves")} did not complete.");
    }

    /// <summary>True when every tenant was moved off and none was left behind.</summary>
    public static bool IsEmptied(CellEvacuation evacuation) =>
        evacuation.Skipped.Count == 0 && evacuation.Migrations.All(m => MigrationRendering.Succeeded(m.State));

    /// <summary>Tenants an evacuation or rebalance left where they are, with why.</summary>
    public static void WriteSkipped(IAnsiConsole console, IReadOnlyList<SkippedTenant> skipped)
    {
        if (skipped.Count == 0)
        {
            return;
        }

        console.MarkupLine($"[yellow]Not moved ({skipped.Count}):[/]");
        foreach (var tenant in skipped)
        {
            console.MarkupLine($"  • [bold]{Markup.Escape(tenant.Tenant)}[/]: {Markup.Escape(tenant.Reason)}");
        }
    }
}
