using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

// Gate evidence and the release-against-previous report.
internal static partial class DeploymentRendering
{
    /// <summary>How many of the newest decisions <c>deployments show</c> lists; <c>--json</c> has them all.</summary>
    public const int MaxEvidenceShown = 30;

    /// <summary>The newest <paramref name="maximum"/> gate decisions as a table, with a note when older ones are left out.</summary>
    public static void WriteEvidence(IAnsiConsole console, Deployment deployment, int maximum)
    {
        if (deployment.Evidence.Count == 0)
        {
            console.MarkupLine("[grey]No gate decisions yet.[/]");
            return;
        }

        var shown = deployment.Evidence.Skip(Math.Max(0, deployment.Evidence.Count - maximum)).ToList();
        console.MarkupLine(shown.Count < deployment.Evidence.Count
            ? $"[bold]Gate evidence[/] [grey](newest {shown.Count} of {deployment.Evidence.Count}; --json has them all)[/]"
            : "[bold]Gate evidence[/]");
        console.Write(BuildEvidence(shown, detail: true));
    }

    /// <summary>Gate decisions: what was compared (gate, metric), the numbers, the threshold and the verdict.</summary>
    public static Table BuildEvidence(IReadOnlyList<GateDecision> decisions, bool detail)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("AT");
        table.AddColumn(new TableColumn("WAVE").RightAligned());
        table.AddColumn("CELL");
        table.AddColumn("GATE");
        table.AddColumn("METRIC");
        table.AddColumn(new TableColumn("CANARY").RightAligned());
        table.AddColumn(new TableColumn("BASELINE").RightAligned());
        table.AddColumn(new TableColumn("THRESHOLD").RightAligned());
        table.AddColumn("VERDICT");
        if (detail)
        {
            table.AddColumn("DETAIL");
        }

        foreach (var decision in decisions)
        {
            var row = new List<string>
            {
                Styles.Time(decision.At),
                WaveNumber(decision.Wave),
                Markup.Escape(decision.Cell),
                Markup.Escape(decision.Gate),
                Markup.Escape(decision.Metric),
                Styles.Metric(decision.Metric, decision.Canary),
                Styles.Metric(decision.Metric, decision.Baseline),
                Styles.Metric(decision.Metric, decision.Threshold),
                Styles.Verdict(decision.Verdict),
            };
            if (detail)
            {
                row.Add(Markup.Escape(decision.Detail));
            }

            table.AddRow(row.ToArray());
        }

        return table;
    }

    /// <summary>
    /// One decision in a line, e.g. <c>wave 2 c3 peers errorRate: canary 12.0%, baseline 0.1%,
    /// threshold 5.1% → Fail</c>, for logs and the report.
    /// </summary>
    public static string DecisionLine(GateDecision decision) =>
        $"wave {WaveNumber(decision.Wave)} {Markup.Escape(decision.Cell)} {Markup.Escape(decision.Gate)} {Markup.Escape(decision.Metric)}: "
        + $"canary {Styles.Metric(decision.Metric, decision.Canary)}, baseline {Styles.Metric(decision.Metric, decision.Baseline)}, "
        + $"threshold {Styles.Metric(decision.Metric, decision.Threshold)} → {Styles.Verdict(decision.Verdict)}"
        + (decision.Detail is { Length: > 0 } text ? $" [grey]({Markup.Escape(text)})[/]" : string.Empty);

    /// <summary>The report: the release's cells against the others over the deployment, and the decision that ended it.</summary>
    public static void WriteReport(IAnsiConsole console, DeploymentReport report)
    {
        console.MarkupLine($"[bold]Report[/] [grey]{Styles.Time(report.From)} – {Styles.Time(report.To)}[/]");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("GROUP");
        table.AddColumn("VERSION");
        table.AddColumn("CELLS");
        table.AddColumn(new TableColumn("REQUESTS").RightAligned());
        table.AddColumn(new TableColumn("ERROR RATE").RightAligned());
        table.AddColumn(new TableColumn("P99").RightAligned());
        foreach (var group in report.Groups)
        {
            table.AddRow(
                group.Group == "release" ? "[bold]release[/]" : Markup.Escape(group.Group),
                Styles.Text(group.Version),
                group.Cells.Count == 0 ? "[grey]-[/]" : Markup.Escape(string.Join(", ", group.Cells)),
                Styles.Count(group.Requests),
                Styles.Rate(group.ErrorRate),
                Styles.Ms(group.P99Ms));
        }

        console.Write(table);
        if (report.Decisive is { } decisive)
        {
            console.MarkupLine($"[bold]Decided by:[/] {DecisionLine(decisive)}");
        }
    }
}
