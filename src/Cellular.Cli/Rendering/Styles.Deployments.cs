using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

// Colours and numbers of wave deployments.
internal static partial class Styles
{
    /// <summary>What a missing statistic reads as (never NaN).</summary>
    public const string NoData = "[grey]no data[/]";

    /// <summary>A deployment state in its colour: blue while it moves, yellow while it waits for a person, green succeeded, red otherwise.</summary>
    public static string State(DeploymentState state) =>
        state switch
        {
            DeploymentState.Pending => "[grey]Pending[/]",
            DeploymentState.Running or DeploymentState.Baking => $"[blue]{state}[/]",
            DeploymentState.Paused or DeploymentState.WaitingForApproval => $"[yellow]{state}[/]",
            DeploymentState.Succeeded => "[green]Succeeded[/]",
            DeploymentState.RolledBack or DeploymentState.Failed => $"[red]{state}[/]",
            DeploymentState.Aborted => "[fuchsia]Aborted[/]",
            _ => Markup.Escape(state.ToString()),
        };

    /// <summary>A wave state in its colour.</summary>
    public static string State(DeploymentWaveState state) =>
        state switch
        {
            DeploymentWaveState.Pending or DeploymentWaveState.Skipped => $"[grey]{state}[/]",
            DeploymentWaveState.Deploying or DeploymentWaveState.Baking => $"[blue]{state}[/]",
            DeploymentWaveState.WaitingForApproval => "[yellow]WaitingForApproval[/]",
            DeploymentWaveState.Succeeded => "[green]Succeeded[/]",
            DeploymentWaveState.Failed or DeploymentWaveState.RolledBack => $"[red]{state}[/]",
            _ => Markup.Escape(state.ToString()),
        };

    /// <summary>A cell's step in a deployment, in its colour.</summary>
    public static string State(DeploymentCellState state) =>
        state switch
        {
            DeploymentCellState.Pending or DeploymentCellState.Skipped => $"[grey]{state}[/]",
            DeploymentCellState.Staging or DeploymentCellState.Switching => $"[blue]{state}[/]",
            DeploymentCellState.Deployed => "[green]Deployed[/]",
            DeploymentCellState.RollingBack => "[yellow]RollingBack[/]",
            DeploymentCellState.Failed or DeploymentCellState.RolledBack => $"[red]{state}[/]",
            _ => Markup.Escape(state.ToString()),
        };

    /// <summary>A gate verdict: green pass, red fail, yellow inconclusive.</summary>
    public static string Verdict(GateVerdict verdict) =>
        verdict switch
        {
            GateVerdict.Pass => "[green]Pass[/]",
            GateVerdict.Fail => "[red bold]Fail[/]",
            GateVerdict.Inconclusive => "[yellow]Inconclusive[/]",
            _ => Markup.Escape(verdict.ToString()),
        };

    /// <summary>A share of failed requests, or <see cref="NoData"/>.</summary>
    public static string Rate(double? ratio) => ratio is { } r && double.IsFinite(r) ? Percent(r) : NoData;

    /// <summary>A p99 in milliseconds, or <see cref="NoData"/>.</summary>
    public static string Ms(double? milliseconds) => milliseconds is { } ms && double.IsFinite(ms) ? Ms(ms) : NoData;

    /// <summary>
    /// A gate's number in the unit of its <paramref name="metric"/> (<c>errorRate</c> as a percentage,
    /// <c>p99Ms</c> in ms, <c>requests</c> as a count), or <see cref="NoData"/>.
    /// </summary>
    public static string Metric(string metric, double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return NoData;
        }

        return metric switch
        {
            "errorRate" => Percent(v),
            "p99Ms" => Ms(v),
            "requests" => Count((long)Math.Round(v)),
            _ => Markup.Escape(v.ToString("0.###", CultureInfo.InvariantCulture)),
        };
    }
}
