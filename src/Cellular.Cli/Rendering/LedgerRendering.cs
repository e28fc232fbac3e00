using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>The version ledger: which cells run which version, whether versions are skewed, and how each version's cells do.</summary>
internal static class LedgerRendering
{
    /// <summary><c>deployments ledger</c>.</summary>
    public static void Write(IAnsiConsole console, VersionLedger ledger)
    {
        var cells = ledger.Versions.Sum(v => v.Cells.Count);
        var window = Styles.Duration(TimeSpan.FromSeconds(ledger.WindowSeconds));
        if (ledger.Versions.Count == 0)
        {
            console.MarkupLine("No live cells run a version yet.");
            return;
        }

        console.MarkupLine(ledger.Skew
            ? string.Create(CultureInfo.InvariantCulture, $"Version skew: [yellow bold]yes[/] — {ledger.Versions.Count} versions across {cells} cells [grey](statistics over the last {window})[/]")
            : string.Create(CultureInfo.InvariantCulture, $"Version skew: [green]no[/] — every live cell runs {Markup.Escape(ledger.Versions[0].Version)} [grey]({cells} cells, statistics over the last {window})[/]"));
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("VERSION");
        table.AddColumn("CELLS");
        table.AddColumn(new TableColumn("REQUESTS").RightAligned());
        table.AddColumn(new TableColumn("ERROR RATE").RightAligned());
        table.AddColumn(new TableColumn("P99").RightAligned());
        foreach (var entry in ledger.Versions)
        {
            table.AddRow(
                Markup.Escape(entry.Version),
                Markup.Escape(string.Join(", ", entry.Cells)),
                Styles.Count(entry.Requests),
                Styles.Rate(entry.ErrorRate),
                Styles.Ms(entry.P99Ms));
        }

        console.Write(table);
        if (ledger.StatsError is { Length: > 0 } error)
        {
            console.MarkupLine($"[yellow]warning:[/] no router statistics: {Markup.Escape(error)}");
        }
    }
}
