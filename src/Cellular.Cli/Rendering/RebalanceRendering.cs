using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary><c>rebalance</c>: the moves of the plan with what each does to its two cells, and every cell's utilisation before and after.</summary>
internal static class RebalanceRendering
{
    /// <summary>The whole plan: moves, utilisation per cell, skipped moves, and whether anything was started.</summary>
    public static void WritePlan(IAnsiConsole console, RebalancePlan plan)
    {
        var threshold = Styles.Percent(plan.Threshold);
        if (plan.Moves.Count == 0)
        {
            console.MarkupLine($"Nothing to move: no Active cell is above {threshold}, or no cell below it has room.");
        }
        else
        {
            console.MarkupLine($"[bold]Rebalance plan[/] (threshold {threshold}): {plan.Moves.Count} {(plan.Moves.Count == 1 ? "move" : "moves")}");
            console.Write(BuildMoveTable(plan));
        }

        console.Write(BuildUtilisationTable(plan));
        EvacuationRendering.WriteSkipped(console, plan.Skipped);
        if (plan.Moves.Count == 0)
        {
            return;
        }

        console.MarkupLine(plan.DryRun
            ? $"[grey]Dry run: nothing was moved. Apply it with[/] cellctl rebalance --threshold {plan.Threshold.ToString(CultureInfo.InvariantCulture)}"
            : $"Started {plan.Migrations.Count} {(plan.Migrations.Count == 1 ? "migration" : "migrations")}.");
    }

    /// <summary>One row per move, in the order chosen; EFFECT shows both cells' utilisation before → after that move.</summary>
    public static Table BuildMoveTable(RebalancePlan plan)
    {
        var utilisation = plan.Before.ToDictionary(c => c.Cell, c => c.Utilisation, StringComparer.Ordinal);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("TENANT");
        table.AddColumn("FROM → TO");
        table.AddColumn(new TableColumn("WEIGHT").RightAligned());
        table.AddColumn(new TableColumn("SIZE").RightAligned());
        table.AddColumn("EFFECT");
        var number = 0;
        foreach (var move in plan.Moves)
        {
            var from = utilisation.TryGetValue(move.From, out var f) ? Styles.Percent(f) + "→" : string.Empty;
            var to = utilisation.TryGetValue(move.To, out var t) ? Styles.Percent(t) + "→" : string.Empty;
            utilisation[move.From] = move.FromUtilisation;
            utilisation[move.To] = move.ToUtilisation;
            table.AddRow(
                (++number).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(move.Tenant),
                Markup.Escape($"{move.From} → {move.To}"),
                move.Weight.ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"{Styles.Count(move.Size)} {move.SizeUnit}"),
                Markup.Escape($"{move.From} {from}{Styles.Percent(move.FromUtilisation)}, {move.To} {to}{Styles.Percent(move.ToUtilisation)}"));
        }

        return table;
    }

    /// <summary>Every Active cell's load and utilisation before and after the plan; above the threshold in yellow.</summary>
    public static Table BuildUtilisationTable(RebalancePlan plan)
    {
        var after = plan.After.ToDictionary(c => c.Cell, StringComparer.Ordinal);
        var cells = plan.Before.Select(c => c.Cell).Concat(plan.After.Select(c => c.Cell)).Distinct(StringComparer.Ordinal);
        var before = plan.Before.ToDictionary(c => c.Cell, StringComparer.Ordinal);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("CELL");
        table.AddColumn(new TableColumn("CAPACITY").RightAligned());
        table.AddColumn(new TableColumn("BEFORE").RightAligned());
        table.AddColumn(new TableColumn("AFTER").RightAligned());
        foreach (var cell in cells)
        {
            var b = before.GetValueOrDefault(cell);
            var a = after.GetValueOrDefault(cell);
            table.AddRow(
                Markup.Escape(cell),
                ((b ?? a)?.Capacity ?? 0).ToString(CultureInfo.InvariantCulture),
                Utilisation(b, plan.Threshold),
                Utilisation(a, plan.Threshold));
        }

        return table;
    }

    private static string Utilisation(CellUtilisation? cell, double threshold)
    {
        if (cell is null)
        {
            return "[grey]-[/]";
        }

        var text = $"{Styles.Count(cell.Load)} ({Styles.Percent(cell.Utilisation)})";
        return cell.Utilisation > threshold ? $"[yellow]{text}[/]" : text;
    }
}
