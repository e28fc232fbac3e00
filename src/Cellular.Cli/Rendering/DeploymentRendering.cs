using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>
/// Wave deployments: the list, one deployment in full and its plan as a waves × cells grid. Waves
/// are numbered from 1 for people (the API counts from 0). Gate evidence and the report are in the
/// <c>.Evidence.cs</c> part, the live view in <c>.Live.cs</c>.
/// </summary>
internal static partial class DeploymentRendering
{
    private const int MaxReasonWidth = 70;

    /// <summary>True once the deployment can change no more: succeeded, rolled back, failed or aborted.</summary>
    public static bool IsFinal(DeploymentState state) =>
        state is DeploymentState.Succeeded or DeploymentState.RolledBack or DeploymentState.Failed or DeploymentState.Aborted;

    /// <summary>E.g. <c>dep-3 (2.0.0)</c>, bold id.</summary>
    public static string Title(Deployment deployment) =>
        $"[bold]{Markup.Escape(deployment.Id)}[/] [grey]({Markup.Escape(deployment.Version)})[/]";

    /// <summary>A wave's number for people: index 0 is wave 1.</summary>
    public static string WaveNumber(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Waves that passed their bake, out of all planned, e.g. <c>2/3</c>.</summary>
    public static string WavesDone(Deployment deployment) =>
        string.Create(CultureInfo.InvariantCulture, $"{deployment.Waves.Count(w => w.State == DeploymentWaveState.Succeeded)}/{deployment.Waves.Count}");

    /// <summary><c>deployments list</c>: newest first.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<Deployment> deployments, DateTimeOffset now)
    {
        if (deployments.Count == 0)
        {
            console.MarkupLine("No deployments yet. Start one with [bold]cellctl deploy <version> --artifact <path> --watch[/].");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("ID");
        table.AddColumn("VERSION");
        table.AddColumn("STATE");
        table.AddColumn(new TableColumn("WAVES").RightAligned());
        table.AddColumn(new TableColumn("CELLS").RightAligned());
        table.AddColumn("CREATED");
        table.AddColumn("REASON");
        foreach (var deployment in deployments)
        {
            var version = Markup.Escape(deployment.Version) + (deployment.Name is { Length: > 0 } name ? $" [grey]{Markup.Escape(name)}[/]" : string.Empty);
            table.AddRow(
                Markup.Escape(deployment.Id),
                version,
                Styles.State(deployment.State) + Requested(deployment),
                WavesDone(deployment),
                deployment.Cells.Count.ToString(CultureInfo.InvariantCulture),
                Styles.Ago(deployment.CreatedAt, now),
                deployment.Reason is { Length: > 0 } reason ? Markup.Escape(Styles.Truncate(reason, MaxReasonWidth)) : "[grey]-[/]");
        }

        console.Write(table);
    }

    /// <summary>After <c>deploy</c> without <c>--watch</c>: what was planned and how to follow it.</summary>
    public static void WriteCreated(IAnsiConsole console, Deployment deployment, DateTimeOffset now)
    {
        console.MarkupLine(
            $"Deployment {Title(deployment)} is {Styles.State(deployment.State)}: "
            + $"{Plural(deployment.Waves.Count, "wave")}, {Plural(deployment.Cells.Count, "cell")}.");
        console.Write(BuildPlan(deployment, now));
        var id = Markup.Escape(deployment.Id);
        console.MarkupLine($"[grey]Follow it:[/] cellctl deployments watch {id}   [grey]Pause:[/] cellctl deployments pause {id}   [grey]Abort:[/] cellctl deployments abort {id}");
    }

    /// <summary><c>deployments show</c>: the deployment, its plan, its gate evidence and, once ended, its report.</summary>
    public static void WriteDetails(IAnsiConsole console, Deployment deployment, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]Deployment[/]", $"[bold]{Markup.Escape(deployment.Id)}[/]{(deployment.Name is { Length: > 0 } name ? " " + Markup.Escape(name) : string.Empty)}");
        grid.AddRow("[grey]State[/]", Styles.State(deployment.State) + Requested(deployment));
        if (deployment.Reason is { Length: > 0 } reason)
        {
            grid.AddRow("[grey]Reason[/]", Markup.Escape(reason));
        }

        grid.AddRow("[grey]Version[/]", Markup.Escape(deployment.Version));
        grid.AddRow("[grey]Artifact[/]", deployment.Release.Artifact is { Length: > 0 } artifact ? Markup.Escape(artifact) : "[grey]what each cell runs now[/]");
        if (deployment.Release.Config.Count > 0)
        {
            grid.AddRow("[grey]Config[/]", Markup.Escape(string.Join(" ", deployment.Release.Config.Select(p => $"{p.Key}={p.Value}"))));
        }

        grid.AddRow("[grey]Waves[/]", $"{WavesDone(deployment)} done, {Plural(deployment.Cells.Count, "cell")}, at most {deployment.MaxParallel} at once per wave");
        grid.AddRow("[grey]Approval[/]", Markup.Escape(DescribeApproval(deployment.Approval)));
        grid.AddRow("[grey]Rollback[/]", deployment.RollbackAll ? "every cell this deployment touched" : "the failing wave's cells");
        grid.AddRow("[grey]Gates[/]", Markup.Escape(DescribeGates(deployment.Gates)));
        foreach (var analysis in deployment.Analysis ?? [])
        {
            grid.AddRow("[grey]Analysis[/]", Markup.Escape(DescribeAnalysis(analysis)));
        }

        grid.AddRow("[grey]Created[/]", $"{Styles.Time(deployment.CreatedAt)} by {Markup.Escape(deployment.CreatedBy)}");
        grid.AddRow("[grey]Ended[/]", deployment.EndedAt is { } ended ? Styles.Time(ended) : "[grey]-[/]");
        console.Write(grid);
        console.Write(BuildPlan(deployment, now));
        WriteCellErrors(console, deployment);
        WriteEvidence(console, deployment, MaxEvidenceShown);
        if (deployment.Report is { } report)
        {
            WriteReport(console, report);
        }

        if (Hint(deployment) is { } hint)
        {
            console.MarkupLine(hint);
        }
    }

    /// <summary>The plan: one row per wave with its state, each cell with its step, and what the wave waits for or how long it still bakes.</summary>
    public static Table BuildPlan(Deployment deployment, DateTimeOffset now)
    {
        var cells = deployment.Cells.ToDictionary(c => c.Cell, StringComparer.Ordinal);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("WAVE").RightAligned());
        table.AddColumn("STATE");
        table.AddColumn("CELLS");
        table.AddColumn("DETAIL");
        foreach (var wave in deployment.Waves)
        {
            var cellText = string.Join(
                "  ",
                wave.Cells.Select(id => cells.TryGetValue(id, out var cell) ? $"{Markup.Escape(id)} {Styles.State(cell.State)}" : Markup.Escape(id)));
            table.AddRow(WaveNumber(wave.Index), Styles.State(wave.State), cellText, WaveDetail(wave, now));
        }

        return table;
    }

    /// <summary>How long <paramref name="wave"/> still bakes, e.g. <c>4m12s left</c>; null unless it is baking with a known end.</summary>
    public static string? BakeLeft(DeploymentWave wave, DateTimeOffset now)
    {
        if (wave.State != DeploymentWaveState.Baking || wave.BakeEndsAt is not { } ends)
        {
            return null;
        }

        var left = ends - now;
        return left <= TimeSpan.Zero ? "bake over, judging" : $"{Styles.Duration(TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds)))} left";
    }

    /// <summary>What a person can do next about a deployment that waits for one, or how to stop one that runs; null once it ended.</summary>
    public static string? Hint(Deployment deployment)
    {
        var id = Markup.Escape(deployment.Id);
        return deployment.State switch
        {
            DeploymentState.Paused => $"[grey]Resume it with[/] cellctl deployments resume {id} [grey]or stop it with[/] cellctl deployments abort {id}",
            DeploymentState.WaitingForApproval => $"[grey]Approve the next wave with[/] cellctl deployments approve {id} [grey]or stop it with[/] cellctl deployments abort {id}",
            DeploymentState.Pending or DeploymentState.Running or DeploymentState.Baking => $"[grey]Pause it with[/] cellctl deployments pause {id} [grey]or stop it with[/] cellctl deployments abort {id}",
            _ => null,
        };
    }

    private static string WaveDetail(DeploymentWave wave, DateTimeOffset now)
    {
        var bake = Styles.Duration(TimeSpan.FromSeconds(wave.BakeSeconds));
        var detail = wave.State switch
        {
            DeploymentWaveState.Baking => BakeLeft(wave, now) is { } left ? $"[blue]bake {left}[/] [grey](of {bake})[/]" : $"[blue]baking[/] [grey]({bake})[/]",
            DeploymentWaveState.WaitingForApproval => "[yellow]waits for approve[/]",
            DeploymentWaveState.Deploying => wave.StartedAt is { } started ? $"deploying since {Styles.Ago(started, now)}" : "deploying",
            DeploymentWaveState.Succeeded => $"baked {bake}",
            DeploymentWaveState.Failed or DeploymentWaveState.RolledBack => wave.EndedAt is { } ended ? $"ended {Styles.Time(ended)}" : string.Empty,
            _ => $"[grey]bake {bake}[/]",
        };
        if (wave.Waiting is { Length: > 0 } waiting && wave.State is DeploymentWaveState.Pending or DeploymentWaveState.WaitingForApproval)
        {
            detail += $" [yellow]{Markup.Escape(waiting)}[/]";
        }

        if (wave.Approved is { Length: > 0 } approved)
        {
            detail += $" [grey]approved by {Markup.Escape(approved)}[/]";
        }

        return detail;
    }

    private static void WriteCellErrors(IAnsiConsole console, Deployment deployment)
    {
        foreach (var cell in deployment.Cells.Where(c => c.Error is { Length: > 0 }))
        {
            console.MarkupLine($"[red]{Markup.Escape(cell.Cell)}:[/] {Markup.Escape(cell.Error!)}");
        }
    }

    /// <summary><c> (abort requested)</c> or <c> (pause requested)</c> while a request waits for the deployment's next step; empty otherwise.</summary>
    public static string Requested(Deployment deployment) =>
        deployment.AbortRequested && !IsFinal(deployment.State) ? " [fuchsia](abort requested)[/]"
        : deployment.PauseRequested && deployment.State != DeploymentState.Paused && !IsFinal(deployment.State) ? " [yellow](pause requested)[/]"
        : string.Empty;

    private static string DescribeApproval(DeploymentApproval approval) =>
        approval switch
        {
            DeploymentApproval.Production => "before each wave with a prod cell",
            DeploymentApproval.EveryWave => "before every wave",
            _ => "none: waves follow each other after their bake",
        };

    private static string DescribeGates(DeploymentGates gates) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"fail when a cell's error rate exceeds the comparison by more than {gates.ErrorRateIncrease * 100:0.0#} points or its p99 exceeds "
            + $"{gates.P99Factor:0.##}× + {gates.P99FloorMs:0.##} ms; fewer than {gates.MinRequests} requests is inconclusive "
            + $"(bake extended up to {Styles.Duration(TimeSpan.FromSeconds(gates.MaxBakeExtensionSeconds))}, then it pauses)");

    /// <summary>A Prometheus analysis in a line: its name, condition, tolerated failures and query.</summary>
    public static string DescribeAnalysis(DeploymentAnalysis analysis) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{analysis.Name}: Prometheus {analysis.SuccessCondition} ({(analysis.FailureLimit == 0 ? "the first failure fails the wave" : $"{analysis.FailureLimit} failed evaluations tolerated")}) for {analysis.Query}");

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
