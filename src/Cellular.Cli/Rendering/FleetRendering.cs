using System.Globalization;
using System.Text;
using Cellular.Core.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cellular.Cli.Rendering;

/// <summary>
/// The fleet table of <c>cellctl top</c>: a summary line (counts by state, health and version, the
/// deployments waiting for approval), one row per cell with its router signals and a sparkline,
/// and which rows of how many are shown. Zero traffic reads "no data", never NaN or 0 %.
/// </summary>
internal static class FleetRendering
{
    private const string NoData = "[grey]no data[/]";
    private const int SparklineWidth = 20;
    private static readonly char[] Blocks = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    /// <summary>The whole view: summary, table and footer.</summary>
    public static IRenderable Build(FleetPage page, DateTimeOffset now, string? note = null)
    {
        var parts = new List<IRenderable> { new Markup(SummaryLine(page.Summary)), new Markup(TrafficLine(page.Summary, now)) };
        parts.AddRange(ApprovalLines(page.Summary).Select(l => new Markup(l)));
        parts.Add(BuildTable(page));
        parts.Add(new Markup(Footer(page)));
        if (note is not null)
        {
            parts.Add(new Markup(note));
        }

        return new Rows(parts);
    }

    public static void Write(IAnsiConsole console, FleetPage page, DateTimeOffset now)
    {
        console.Write(Build(page, now));
        console.WriteLine();
    }

    public static Table BuildTable(FleetPage page)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("CELL");
        table.AddColumn("STATE");
        table.AddColumn("HEALTH");
        table.AddColumn("VERSION");
        table.AddColumn(new TableColumn("TENANTS").RightAligned());
        table.AddColumn(new TableColumn("LOAD/CAPACITY").RightAligned());
        table.AddColumn(new TableColumn("REQ/S").RightAligned());
        table.AddColumn(new TableColumn("SUCCESS").RightAligned());
        table.AddColumn(new TableColumn("P50").RightAligned());
        table.AddColumn(new TableColumn("P99").RightAligned());
        table.AddColumn("TREND");
        table.AddColumn("ALARMS");
        foreach (var row in page.Rows)
        {
            var signals = row.Signals;
            var hasData = signals.Requests > 0;
            table.AddRow(
                Markup.Escape(row.Id),
                Styles.State(row.State),
                Health(row.Health),
                Styles.Text(row.Version),
                row.Tenants.ToString("#,0", CultureInfo.InvariantCulture),
                Styles.Load(row.Load, row.Capacity),
                hasData ? Rate(signals.RequestsPerSecond) : NoData,
                signals.SuccessRate is { } success ? Success(success) : NoData,
                signals.P50Ms is { } p50 ? Styles.Ms(p50) : NoData,
                signals.P99Ms is { } p99 ? Styles.Ms(p99) : NoData,
                row.Sparkline.Count == 0 ? "[grey]-[/]" : Markup.Escape(Sparkline(row.Sparkline, SparklineWidth)),
                Alarms(row.Alarms));
        }

        if (page.Rows.Count == 0)
        {
            table.AddRow("[grey]no cells match[/]", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        }

        return table;
    }

    /// <summary>
    /// The last <paramref name="width"/> values as block characters, scaled to their highest:
    /// the shape of the traffic, not its size (the REQ/S column says that).
    /// </summary>
    public static string Sparkline(IReadOnlyList<double> values, int width)
    {
        var shown = values.Skip(Math.Max(0, values.Count - width)).ToList();
        var max = shown.DefaultIfEmpty(0).Max();
        var text = new StringBuilder(shown.Count);
        foreach (var value in shown)
        {
            var level = max <= 0 || value <= 0 ? 0 : (int)Math.Ceiling(value / max * Blocks.Length) - 1;
            text.Append(Blocks[Math.Clamp(level, 0, Blocks.Length - 1)]);
        }

        return text.ToString();
    }

    private static string SummaryLine(FleetSummary summary)
    {
        var states = string.Join(", ", summary.ByState.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {Markup.Escape(p.Key)}"));
        var health = string.Join(", ", summary.ByHealth.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Value} {Markup.Escape(p.Key)}"));
        var versions = string.Join(", ", summary.Versions.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Markup.Escape(p.Key)} ×{p.Value}"));
        var alarms = summary.CellsWithAlarms == 0 ? "[green]no alarms[/]" : $"[red]{summary.CellsWithAlarms} with alarms[/]";
        var cells = summary.Cells == 1 ? "1 cell" : $"{summary.Cells} cells";
        return $"[bold]{cells}[/]: {states} · health: {(health.Length == 0 ? "-" : health)} · versions: {(versions.Length == 0 ? "-" : versions)} · {Styles.Count(summary.Tenants)} tenants · {alarms}";
    }

    private static string TrafficLine(FleetSummary summary, DateTimeOffset now)
    {
        if (!summary.StatsAvailable)
        {
            return $"[yellow]traffic: no data[/] [grey]({Markup.Escape(summary.StatsError ?? "the routers' statistics were not read")})[/]";
        }

        var signals = summary.Signals;
        var window = string.Create(CultureInfo.InvariantCulture, $"{summary.WindowSeconds:0} s");
        var sampled = summary.SampledAt is { } at ? $", read {Styles.Ago(at, now)}" : string.Empty;
        return signals.Requests == 0
            ? $"traffic: {NoData} [grey](no requests in the last {window}{sampled})[/]"
            : $"traffic: {Rate(signals.RequestsPerSecond)} req/s · success {Success(signals.SuccessRate ?? 1)} · p50 {Styles.Ms(signals.P50Ms ?? 0)} · p99 {Styles.Ms(signals.P99Ms ?? 0)} [grey](last {window}{sampled})[/]";
    }

    private static IEnumerable<string> ApprovalLines(FleetSummary summary) =>
        summary.WaitingForApproval.Select(a =>
            $"[yellow]waiting for approval:[/] {Markup.Escape(a.Deployment)} {Markup.Escape(a.Version)} wave {a.Wave + 1} ({Markup.Escape(string.Join(", ", a.Cells))}) since {Styles.Time(a.Since)} [grey](cellctl deployments approve {Markup.Escape(a.Deployment)})[/]");

    private static string Footer(FleetPage page)
    {
        var order = page.Descending ? "descending" : "ascending";
        var shown = page.Rows.Count == 0 ? $"0 of {page.Matched}" : $"{page.Offset + 1}–{page.Offset + page.Rows.Count} of {page.Matched}";
        return $"[grey]cells {shown}, sorted by {Markup.Escape(page.Sort)} {order}[/]";
    }

    private static string Health(string health) => health switch
    {
        "healthy" => "[green]healthy[/]",
        "failing" => "[red]failing[/]",
        _ => "[grey]" + Markup.Escape(health) + "[/]",
    };

    private static string Rate(double perSecond) =>
        perSecond.ToString(perSecond >= 100 ? "#,0" : "0.##", CultureInfo.InvariantCulture);

    private static string Success(double ratio)
    {
        var text = Styles.Percent(ratio);
        return ratio >= 0.99 ? text : ratio >= 0.95 ? $"[yellow]{text}[/]" : $"[red]{text}[/]";
    }

    private static string Alarms(IReadOnlyList<FleetAlarm> alarms) =>
        alarms.Count == 0
            ? "[grey]-[/]"
            : string.Join(" ", alarms.Select(a => a.Severity == "critical" ? $"[red]{Markup.Escape(a.Kind)}[/]" : $"[yellow]{Markup.Escape(a.Kind)}[/]"));
}
