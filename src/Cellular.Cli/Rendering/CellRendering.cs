using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>Cells as tables and detail views.</summary>
internal static class CellRendering
{
    private const int MaxErrorWidth = 60;

    /// <summary>
    /// A table of cells with their state and health; <paramref name="wide"/> adds provider, placement
    /// and version columns. A LAST ERROR column appears only while some cell's probes fail: an old
    /// error of a healthy cell (e.g. from its start-up) is history, which <c>cells show</c> keeps.
    /// </summary>
    public static Table BuildTable(IReadOnlyList<CellView> cells, bool wide, DateTimeOffset now)
    {
        var showErrors = cells.Any(c => IsFailing(c.Health));
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("CELL");
        table.AddColumn("STATE");
        table.AddColumn("HEALTH");
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
        table.AddColumn("PROBED");
        if (showErrors)
        {
            table.AddColumn("LAST ERROR");
        }

        foreach (var cell in cells)
        {
            var row = new List<string> { Markup.Escape(cell.Id), Styles.State(cell.State), Health(cell.Health), Styles.Text(cell.Endpoint) };
            if (wide)
            {
                row.Add(Styles.Text(cell.Provider));
                row.Add(Markup.Escape($"{cell.Region}/{cell.Zone}"));
                row.Add(Markup.Escape(cell.Stage.ToString().ToLowerInvariant()));
                row.Add(Styles.Text(cell.Version));
            }

            row.Add(cell.Tenants.ToString(CultureInfo.InvariantCulture));
            row.Add(Styles.Load(cell.Load, cell.Capacity));
            row.Add(cell.Health?.LastProbeAt is { } probed ? Styles.Ago(probed, now) : "[grey]-[/]");
            if (showErrors)
            {
                row.Add(LastError(cell.Health, now));
            }

            table.AddRow(row.ToArray());
        }

        return table;
    }

    /// <summary><c>cells list</c>: the table and a count per state.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<CellView> cells, DateTimeOffset now)
    {
        if (cells.Count == 0)
        {
            console.MarkupLine("No cells yet. Create one with [bold]cellctl cells create <id>[/] or run [bold]cellctl up[/].");
            return;
        }

        console.Write(BuildTable(cells, wide: true, now));
        console.MarkupLine(Summary(cells));
    }

    /// <summary>One cell in full, after <c>cells show</c> or a change.</summary>
    public static void WriteDetails(IAnsiConsole console, CellView cell, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]Cell[/]", $"[bold]{Markup.Escape(cell.Id)}[/]");
        grid.AddRow("[grey]State[/]", Styles.State(cell.State));
        grid.AddRow("[grey]Endpoint[/]", Styles.Text(cell.Endpoint));
        grid.AddRow("[grey]Provider[/]", Styles.Text(cell.Provider));
        grid.AddRow("[grey]Region/zone[/]", Markup.Escape($"{cell.Region}/{cell.Zone}"));
        grid.AddRow("[grey]Stage[/]", Markup.Escape(cell.Stage.ToString().ToLowerInvariant()));
        grid.AddRow("[grey]Version[/]", Styles.Text(cell.Version));
        if (cell.Template is { Length: > 0 } template)
        {
            grid.AddRow("[grey]Template[/]", Markup.Escape(template));
        }

        if (cell.Release is { } release && (release.Artifact is not null || release.Config.Count > 0))
        {
            grid.AddRow("[grey]Release[/]", Release(release));
        }

        if (cell.PreviousRelease is { } previous)
        {
            grid.AddRow("[grey]Previous release[/]", Release(previous) + " [grey](what a rollback puts back)[/]");
        }

        if (cell.Deployment is { Length: > 0 } deployment)
        {
            grid.AddRow("[grey]Deployment[/]", $"{Markup.Escape(deployment)} [grey](cellctl deployments show {Markup.Escape(deployment)})[/]");
        }

        grid.AddRow("[grey]Tenants[/]", cell.Tenants.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("[grey]Load[/]", Styles.Load(cell.Load, cell.Capacity));
        if (cell.Labels.Count > 0)
        {
            grid.AddRow("[grey]Labels[/]", Markup.Escape(string.Join(", ", cell.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))));
        }

        if (cell.Health is { } health)
        {
            grid.AddRow("[grey]Health[/]", Health(health));
            grid.AddRow("[grey]Last probe[/]", At(health.LastProbeAt, now));
            grid.AddRow("[grey]Last success[/]", At(health.LastSuccessAt, now));
            if (!string.IsNullOrEmpty(health.LastError))
            {
                grid.AddRow("[grey]Last error[/]", $"[yellow]{Markup.Escape(health.LastError)}[/] [grey]({At(health.LastErrorAt, now)})[/]");
            }

            if (health.MarkedUnhealthyAt is { } marked)
            {
                var returns = health.ReturnState is { } back ? $"; goes back to {Styles.State(back)} once healthy" : string.Empty;
                grid.AddRow("[grey]Unhealthy since[/]", $"{At(marked, now)}{returns}");
            }
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

    /// <summary>
    /// The monitor's last word on a cell: <c>healthy</c>, <c>failing ×3</c>, <c>unknown</c> (not probed
    /// yet), or a dash when the control plane does not probe it (retired).
    /// </summary>
    public static string Health(CellHealthStatus? health) =>
        health?.Probe switch
        {
            null => "[grey]-[/]",
            "healthy" => "[green]healthy[/]",
            "failing" => string.Create(CultureInfo.InvariantCulture, $"[red]failing ×{health.ConsecutiveFailures}[/]"),
            "unknown" => "[grey]unknown[/]",
            var other => Markup.Escape(other),
        };

    private static string LastError(CellHealthStatus? health, DateTimeOffset now)
    {
        if (!IsFailing(health) || string.IsNullOrEmpty(health?.LastError))
        {
            return "[grey]-[/]";
        }

        var when = health.LastErrorAt is { } at ? $" ({Styles.Ago(at, now)})" : string.Empty;
        return $"[red]{Markup.Escape(Styles.Truncate(health.LastError, MaxErrorWidth))}{when}[/]";
    }

    private static string Release(CellRelease release)
    {
        var text = Markup.Escape(release.Version);
        if (release.Artifact is { Length: > 0 } artifact)
        {
            text += $" [grey]artifact[/] {Markup.Escape(artifact)}";
        }

        if (release.Config.Count > 0)
        {
            text += $" [grey]config[/] {Markup.Escape(string.Join(" ", release.Config.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")))}";
        }

        return text;
    }

    private static bool IsFailing(CellHealthStatus? health) => health?.Probe == "failing";

    private static string At(DateTimeOffset? value, DateTimeOffset now) =>
        value is { } at ? $"{Styles.Time(at)} ({Styles.Ago(at, now)})" : "[grey]never[/]";
}
