using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>
/// The blast-radius report: the verdict first (did the failure stay inside its cells?), then the
/// numbers per cell and window that back it, then the tenants hit and the control plane's evidence.
/// </summary>
internal static class BlastRadiusRendering
{
    private const int MaxTenantsListed = 10;

    /// <summary>Writes the whole report.</summary>
    public static void Write(IAnsiConsole console, BlastRadiusReport report)
    {
        console.MarkupLine($"[bold]Blast radius:[/] {Headline(report)}");
        console.MarkupLine(
            $"[grey]Windows:[/] before {Window(report.Windows.Before)} · during {Window(report.Windows.During)} · after {Window(report.Windows.After)}");
        console.Write(BuildCellTable(report));
        WriteTenants(console, report);
        if (report.Evidence.Count > 0)
        {
            console.MarkupLine("[bold]Evidence[/]");
            foreach (var line in report.Evidence)
            {
                console.MarkupLine($"  • {Markup.Escape(line)}");
            }
        }
    }

    /// <summary>
    /// Per cell, one row per window (before, during, after): requests, success rate, p50/p99 and
    /// tenants with errors. The cell's id and verdict sit on its first row.
    /// </summary>
    public static Table BuildCellTable(BlastRadiusReport report)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("CELL");
        table.AddColumn("WINDOW");
        table.AddColumn(new TableColumn("REQUESTS").RightAligned());
        table.AddColumn(new TableColumn("SUCCESS").RightAligned());
        table.AddColumn(new TableColumn("P50").RightAligned());
        table.AddColumn(new TableColumn("P99").RightAligned());
        table.AddColumn(new TableColumn("TENANTS WITH ERRORS").RightAligned());
        table.AddColumn("VERDICT");

        // Targets first: they are where the damage is expected.
        foreach (var cell in report.Cells.OrderBy(c => c.Target ? 0 : 1).ThenBy(c => c.Cell, StringComparer.Ordinal))
        {
            var name = cell.Target ? $"[bold]{Markup.Escape(cell.Cell)}[/] [grey](target)[/]" : $"[bold]{Markup.Escape(cell.Cell)}[/]";
            var verdict = cell.Target ? "[grey]target[/]" : Styles.Verdict(cell.Verdict);
            AddWindow(table, name, "before", cell.Before, verdict, highlight: false);
            AddWindow(table, string.Empty, "during", cell.During, string.Empty, highlight: !cell.Target && cell.Verdict == "leaked");
            AddWindow(table, string.Empty, "after", cell.After, string.Empty, highlight: false);
        }

        return table;
    }

    /// <summary>E.g. <c>contained: the failure stayed inside c1</c> in green, or <c>leaked into c2</c> in red.</summary>
    public static string Headline(BlastRadiusReport report)
    {
        var targets = string.Join(", ", report.Cells.Where(c => c.Target).Select(c => c.Cell));
        return report.Verdict switch
        {
            "contained" => $"[green bold]contained[/] [green]— the failure stayed inside {Markup.Escape(targets)}[/]",
            "leaked" => $"[red bold]leaked[/] [red]— it reached {Markup.Escape(string.Join(", ", report.Cells.Where(c => !c.Target && c.Verdict == "leaked").Select(c => c.Cell)))}[/]",
            _ => $"{Styles.Verdict(report.Verdict)} [yellow]— the fault phase could not be measured[/]",
        };
    }

    private static void AddWindow(Table table, string cell, string window, ExperimentWindowStats stats, string verdict, bool highlight)
    {
        var success = stats.Requests == 0 ? "[grey]-[/]" : Styles.Percent(stats.SuccessRate);
        if (highlight && stats.Requests > 0)
        {
            success = $"[red]{success}[/]";
        }
        else if (window == "during" && stats.Requests > 0 && stats.ErrorRate > 0)
        {
            success = $"[yellow]{success}[/]";
        }

        table.AddRow(
            cell,
            $"[grey]{window}[/]",
            Styles.Count(stats.Requests),
            success,
            stats.Requests == 0 ? "[grey]-[/]" : Styles.Ms(stats.P50Ms),
            stats.Requests == 0 ? "[grey]-[/]" : Styles.Ms(stats.P99Ms),
            stats.TenantsWithErrorsCount == 0 ? "[grey]0[/]" : stats.TenantsWithErrorsCount.ToString(CultureInfo.InvariantCulture),
            verdict);
    }

    private static void WriteTenants(IAnsiConsole console, BlastRadiusReport report)
    {
        console.MarkupLine(
            $"[bold]Tenants with errors during the fault:[/] {report.AffectedTenantsCount} of {report.TotalTenants} "
            + $"({Styles.Percent(report.AffectedTenantShare)}){List(report.AffectedTenants, report.AffectedTenantsCount)}");
        console.MarkupLine($"[grey]Placed in the targets:[/] {report.TargetTenantsCount}{List(report.TargetTenants, report.TargetTenantsCount)}");
        if (report.AffectedOutsideTargets.Count > 0)
        {
            console.MarkupLine($"[red]Affected outside the targets:[/] {report.AffectedOutsideTargets.Count}{List(report.AffectedOutsideTargets, report.AffectedOutsideTargets.Count)}");
        }
        else if (report.AffectedTenantsCount == 0)
        {
            console.MarkupLine("[grey]No tenant saw an error during the fault.[/]");
        }
        else
        {
            console.MarkupLine(report.AffectedExactlyTargetTenants
                ? "[green]Only the targets' tenants were affected, and all of them.[/]"
                : "[green]Only tenants of the targets were affected.[/]");
        }
    }

    private static string List(IReadOnlyList<string> tenants, int count)
    {
        if (tenants.Count == 0)
        {
            return string.Empty;
        }

        var shown = string.Join(", ", tenants.Take(MaxTenantsListed));
        var more = count > MaxTenantsListed ? $" +{count - MaxTenantsListed} more" : string.Empty;
        return $": {Markup.Escape(shown)}{more}";
    }

    private static string Window(ExperimentWindow window) =>
        $"{window.From.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}–{window.To.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}";
}
