using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>Cells as tables and detail views.</summary>
internal static class CellRendering
{
    /// <summary>A table of cells; <paramref name="wide"/> adds provider, placement and version columns.</summary>
    public static Table BuildTable(IEnumerable<CellView> cells, bool wide)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("CELL");
        table.AddColumn("STATE");
        table.AddColumn("ENDPOINT");
        if (wide)
        {
            table.AddColumn("PROVIDER");
            table.AddColumn("REGION/ZONE");
            table.AddColumn("STAGE");
            table.AddColumn("VERSION");
        }

        table.AddColumn(new TableColumn("TENANTS").RightAligned());
        table.AddColumn(new TableColumn("LOAD/CAPACITY").RightAligned());

        foreach (var cell in cells)
        {
            var row = new List<string> { Markup.Escape(cell.Id), Styles.State(cell.State), Styles.Text(cell.Endpoint) };
            if (wide)
            {
                row.Add(Styles.Text(cell.Provider));
                row.Add(Markup.Escape($"{cell.Region}/{cell.Zone}"));
                row.Add(Markup.Escape(cell.Stage.ToString().ToLowerInvariant()));
                row.Add(Styles.Text(cell.Version));
            }

            row.Add(cell.Tenants.ToString(System.Globalization.CultureInfo.InvariantCulture));
            row.Add(Styles.Load(cell.Load, cell.Capacity));
            table.AddRow(row.ToArray());
        }

        return table;
    }

    /// <summary><c>cells list</c>: the table and a count per state.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<CellView> cells)
    {
        if (cells.Count == 0)
        {
            console.MarkupLine("No cells yet. Create one with [bold]cellctl cells create <id>[/] or run [bold]cellctl up[/].");
            return;
        }

        console.Write(BuildTable(cells, wide: true));
        console.MarkupLine(Summary(cells));
    }

    /// <summary>One cell in full, after <c>cells show</c> or a change.</summary>
    public static void WriteDetails(IAnsiConsole console, CellView cell)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]Cell[/]", $"[bold]{Markup.Escape(cell.Id)}[/]");
        grid.AddRow("[grey]State[/]", Styles.State(cell.State));
        grid.AddRow("[grey]Endpoint[/]", Styles.Text(cell.Endpoint));
        grid.AddRow("[grey]Provider[/]", Styles.Text(cell.Provider));
        grid.AddRow("[grey]Region/zone[/]", Markup.Escape($"{cell.Region}/{cell.Zone}"));
        grid.AddRow("[grey]Stage[/]", Markup.Escape(cell.Stage.ToString().ToLowerInvariant()));
        grid.AddRow("[grey]Version[/]", Styles.Text(cell.Version));
        grid.AddRow("[grey]Tenants[/]", cell.Tenants.ToString(System.Globalization.CultureInfo.InvariantCulture));
        grid.AddRow("[grey]Load[/]", Styles.Load(cell.Load, cell.Capacity));
        if (cell.Labels.Count > 0)
        {
            grid.AddRow("[grey]Labels[/]", Markup.Escape(string.Join(", ", cell.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))));
        }

        grid.AddRow("[grey]Created[/]", Styles.Time(cell.CreatedAt));
        grid.AddRow("[grey]Updated[/]", Styles.Time(cell.UpdatedAt));
        console.Write(grid);
    }

    /// <summary>E.g. <c>3 cells: 2 Active, 1 Draining</c>.</summary>
    public static string Summary(IReadOnlyList<CellView> cells)
    {
        var byState = cells.GroupBy(c => c.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Styles.State(g.Key)}");
        return $"{cells.Count} {(cells.Count == 1 ? "cell" : "cells")}: {string.Join(", ", byState)}";
    }
}
