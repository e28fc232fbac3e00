using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>Chaos experiments: the list, one experiment in full, and the words for its progress.</summary>
internal static class ExperimentRendering
{
    private const int MaxTenantsShown = 3;

    /// <summary><c>chaos list</c>: newest first, with the verdict once the report is in.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<Experiment> experiments, DateTimeOffset now)
    {
        if (experiments.Count == 0)
        {
            console.MarkupLine("No experiments yet. Start one with [bold]cellctl chaos run --target c1 --fault error --duration 30s[/].");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("ID");
        table.AddColumn("NAME");
        table.AddColumn("STATE");
        table.AddColumn("TARGETS");
        table.AddColumn("FAULT");
        table.AddColumn(new TableColumn("DURATION").RightAligned());
        table.AddColumn("STARTED");
        table.AddColumn("VERDICT");
        foreach (var experiment in experiments)
        {
            table.AddRow(
                Markup.Escape(experiment.Id),
                Styles.Text(experiment.Name),
                Styles.State(experiment.State),
                Markup.Escape(string.Join(", ", experiment.Targets)),
                Markup.Escape(DescribeFault(experiment.Fault)),
                Styles.Duration(TimeSpan.FromSeconds(experiment.DurationSeconds)),
                experiment.StartedAt is { } started ? Styles.Ago(started, now) : "[grey]-[/]",
                VerdictOrDue(experiment, now));
        }

        console.Write(table);
    }

    /// <summary>One experiment in full: what it injects where, how it ended, and where its report is.</summary>
    public static void WriteDetails(IAnsiConsole console, Experiment experiment, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]Experiment[/]", $"[bold]{Markup.Escape(experiment.Id)}[/]{(experiment.Name is { Length: > 0 } name ? " " + Markup.Escape(name) : string.Empty)}");
        grid.AddRow("[grey]State[/]", Styles.State(experiment.State));
        if (!string.IsNullOrEmpty(experiment.Reason))
        {
            grid.AddRow("[grey]Reason[/]", Markup.Escape(experiment.Reason));
        }

        grid.AddRow("[grey]Targets[/]", Markup.Escape(string.Join(", ", experiment.Targets)));
        grid.AddRow("[grey]Fault[/]", Markup.Escape($"{DescribeFault(experiment.Fault)} for {Styles.Duration(TimeSpan.FromSeconds(experiment.DurationSeconds))}"));
        grid.AddRow("[grey]Stop when[/]", Markup.Escape(DescribeStopConditions(experiment.StopConditions)));
        grid.AddRow(
            "[grey]Windows[/]",
            Markup.Escape($"baseline {Styles.Duration(TimeSpan.FromSeconds(experiment.BaselineSeconds))}, after {Styles.Duration(TimeSpan.FromSeconds(experiment.AfterSeconds))}"));
        grid.AddRow("[grey]Created[/]", $"{Styles.Time(experiment.CreatedAt)} by {Markup.Escape(experiment.CreatedBy)}");
        grid.AddRow("[grey]Started[/]", experiment.StartedAt is { } started ? Styles.Time(started) : "[grey]-[/]");
        grid.AddRow("[grey]Ended[/]", experiment.EndedAt is { } ended ? Styles.Time(ended) : "[grey]-[/]");
        foreach (var injection in experiment.Injections)
        {
            grid.AddRow($"[grey]Fault in {Markup.Escape(injection.Cell)}[/]", DescribeInjection(injection));
        }

        if (experiment.Report is null)
        {
            grid.AddRow("[grey]Report[/]", DescribeMissingReport(experiment, now));
        }

        console.Write(grid);
    }

    /// <summary>After <c>chaos run</c> without <c>--wait</c>: id, state and what to do next.</summary>
    public static void WriteStarted(IAnsiConsole console, Experiment experiment)
    {
        var id = Markup.Escape(experiment.Id);
        if (experiment.State == ExperimentState.Failed)
        {
            console.MarkupLine($"Experiment [bold]{id}[/] {Styles.State(experiment.State)}: {Markup.Escape(experiment.Reason ?? "it could not start")}. Nothing stays injected.");
            return;
        }

        console.MarkupLine(
            $"Experiment [bold]{id}[/] is {Styles.State(experiment.State)}: {Markup.Escape(DescribeFault(experiment.Fault))} in "
            + $"{Markup.Escape(string.Join(", ", experiment.Targets))} for {Styles.Duration(TimeSpan.FromSeconds(experiment.DurationSeconds))}.");
        var due = experiment.ReportDueAt is { } at ? $" (due {Styles.Time(at)})" : string.Empty;
        console.MarkupLine($"[grey]Report:[/] cellctl chaos show {id}{due}   [grey]Stop it:[/] cellctl chaos stop {id}");
    }

    /// <summary>
    /// One line on where a watched experiment is: <c>Running: 12s of 30s, 18s left</c>, then the
    /// after-window, then the wait for the report.
    /// </summary>
    public static string DescribeProgress(Experiment experiment, DateTimeOffset now)
    {
        switch (experiment.State)
        {
            case ExperimentState.Pending:
                return "reading the baseline";
            case ExperimentState.Running when experiment.StartedAt is { } started:
                var elapsed = Clamp(now - started, TimeSpan.FromSeconds(experiment.DurationSeconds));
                var left = TimeSpan.FromSeconds(experiment.DurationSeconds) - elapsed;
                // Elapsed rounds down and the rest up, so the two always add up to the duration.
                var whole = TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds));
                return $"fault injected: {Styles.Duration(whole)} of {Styles.Duration(TimeSpan.FromSeconds(experiment.DurationSeconds))}, {Seconds(left)} left";
            case ExperimentState.Failed:
                return "could not start";
        }

        if (experiment.Report is not null)
        {
            return "report ready";
        }

        if (experiment.ReportDueAt is { } due && due > now)
        {
            return $"fault cleared; measuring the after-window, report in {Seconds(due - now)}";
        }

        return experiment.StartedAt is null ? "ended before the fault was injected; no report" : "building the report";
    }

    /// <summary>
    /// How far the watched experiment is, from 0 to 1: the fault phase and the after-window,
    /// weighted by their lengths, so the bar moves at a steady pace.
    /// </summary>
    public static double Fraction(Experiment experiment, DateTimeOffset now)
    {
        if (experiment.Report is not null || experiment.State == ExperimentState.Failed)
        {
            return 1;
        }

        if (experiment.StartedAt is not { } started)
        {
            return 0;
        }

        var end = experiment.ReportDueAt ?? started + TimeSpan.FromSeconds(experiment.DurationSeconds + experiment.AfterSeconds);
        var total = (end - started).TotalSeconds;
        return total <= 0 ? 1 : Math.Clamp((now - started).TotalSeconds / total, 0, 0.99);
    }

    /// <summary>E.g. <c>error 503 on 50% of requests, tenants t1, t2</c>.</summary>
    public static string DescribeFault(ExperimentFault fault)
    {
        var text = fault.Kind switch
        {
            CellFaultKind.Error => string.Create(CultureInfo.InvariantCulture, $"error {fault.Status ?? 500}"),
            CellFaultKind.Latency => $"latency {Styles.Ms(fault.LatencyMs ?? 0)}",
            _ => fault.Kind.ToString().ToLowerInvariant(),
        };
        if (fault.Rate < 1)
        {
            text += $" on {Styles.Percent(fault.Rate)} of requests";
        }

        if (fault.Tenants is { Count: > 0 } tenants)
        {
            var shown = string.Join(", ", tenants.Take(MaxTenantsShown));
            text += tenants.Count > MaxTenantsShown ? $", tenants {shown} +{tenants.Count - MaxTenantsShown} more" : $", tenants {shown}";
        }

        return text;
    }

    /// <summary>E.g. <c>a non-target cell's error rate rises by 5.0 points or its p99 exceeds 2× baseline + 50 ms (judged from 20 requests)</c>.</summary>
    public static string DescribeStopConditions(ExperimentStopConditions conditions) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"a non-target cell's error rate rises by more than {conditions.NonTargetErrorRateIncrease * 100:0.0} points or its p99 exceeds "
            + $"{conditions.NonTargetP99Factor:0.##}× baseline + {conditions.NonTargetP99FloorMs:0.##} ms (judged from {conditions.MinRequests} requests)");

    private static string DescribeInjection(ExperimentInjection injection)
    {
        var text = injection.FaultId is { } id ? $"fault {Markup.Escape(id)}" : "[grey]not set[/]";
        if (injection.ClearedAt is { } cleared)
        {
            text += $", cleared {Styles.Time(cleared)}";
        }
        else if (injection.ExpiresAt is { } expires)
        {
            text += $", expires {Styles.Time(expires)}";
        }

        return injection.Error is { Length: > 0 } error ? $"{text} [red]{Markup.Escape(error)}[/]" : text;
    }

    private static string VerdictOrDue(Experiment experiment, DateTimeOffset now)
    {
        if (experiment.Report is { } report)
        {
            return Styles.Verdict(report.Verdict);
        }

        return experiment.ReportDueAt is { } due && experiment.State != ExperimentState.Failed
            ? due > now ? $"[grey]due in {Seconds(due - now)}[/]" : "[grey]building[/]"
            : "[grey]-[/]";
    }

    private static string DescribeMissingReport(Experiment experiment, DateTimeOffset now)
    {
        if (experiment.State == ExperimentState.Failed || experiment.StartedAt is null && experiment.State != ExperimentState.Pending)
        {
            return "[grey]none: the fault was never injected[/]";
        }

        return experiment.ReportDueAt is { } due
            ? due > now ? $"due {Styles.Time(due)} (in {Seconds(due - now)})" : $"due since {Styles.Time(due)}; being built"
            : "after the fault phase and the after-window";
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan maximum) =>
        value < TimeSpan.Zero ? TimeSpan.Zero : value > maximum ? maximum : value;

    private static string Seconds(TimeSpan value) =>
        Styles.Duration(TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, value.TotalSeconds))));
}
