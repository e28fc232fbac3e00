using System.Globalization;
using Cellular.ControlPlane.Experiments;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Judges a deployed cell against (a) its peers, the cells still on the previous release over the
/// same window, and (b) its own pre-deploy baseline, with thresholds in the style of the
/// experiments' stop conditions. Too little traffic is never a pass: it is inconclusive.
/// </summary>
internal static class DeploymentGate
{
    /// <summary>The <see cref="GateDecision.Gate"/> of the comparison with the cells on the previous release.</summary>
    public const string Peers = "peers";

    /// <summary>The <see cref="GateDecision.Gate"/> of the comparison with the cell's own pre-deploy window.</summary>
    public const string Baseline = "baseline";

    /// <summary>The <see cref="GateDecision.Gate"/> that refuses to judge a cell with too few requests.</summary>
    public const string Traffic = "traffic";

    /// <summary>
    /// Requests a window needs on both sides before its p99 is judged. The p99 of fewer requests is
    /// (nearly) its slowest one, and a freshly started workload's first requests are slow (JIT, first
    /// database open): judged on a few dozen requests the latency gate rolled back good releases.
    /// Below this the p99 decision is inconclusive, kept as evidence, and the error rate decides.
    /// </summary>
    public const int MinLatencySamples = 200;

    /// <summary>Judges <paramref name="canary"/> (the deployed cell's window) against the comparisons.</summary>
    /// <param name="wave">The wave being judged.</param>
    /// <param name="cell">The deployed cell.</param>
    /// <param name="canary">The deployed cell's router stats over the window.</param>
    /// <param name="peers">The peers' merged stats over the same window (see <see cref="MergePeers"/>); null when there are none.</param>
    /// <param name="baseline">The cell's stats before its deploy; null when unknown.</param>
    /// <param name="gates">The thresholds.</param>
    /// <param name="at">When the judgement is made (stamped on every decision).</param>
    /// <param name="latency">
    /// The latency windows, when they differ from the error-rate ones: the canary's and the peers'
    /// stats from the end of the warm-up on (a new workload's first seconds are slow everywhere and
    /// say nothing about the release). Null = judge p99 over the same windows as the error rate.
    /// </param>
    public static GateJudgement Judge(
        int wave,
        string cell,
        ExperimentWindowStats canary,
        ExperimentWindowStats? peers,
        ExperimentWindowStats? baseline,
        DeploymentGates gates,
        DateTimeOffset at,
        (ExperimentWindowStats Canary, ExperimentWindowStats? Peers)? latency = null)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(gates);

        if (canary.Requests < gates.MinRequests)
        {
            var detail = Text($"{cell}: only {canary.Requests} requests in the window, fewer than the {gates.MinRequests} needed to judge it.");
            return new GateJudgement(
                GateVerdict.Inconclusive,
                [new GateDecision(at, wave, cell, Traffic, "requests", canary.Requests, null, gates.MinRequests, GateVerdict.Inconclusive, detail)]);
        }

        var decisions = new List<GateDecision>(4);
        var warmCanary = latency?.Canary ?? canary;
        var context = new Context(at, wave, cell, canary, gates);
        var peersConclusive = Compare(decisions, context, Peers, "on the peer cells still on the previous release", peers, warmCanary, latency is { } l ? l.Peers : peers);
        var baselineConclusive = Compare(decisions, context, Baseline, "in its own pre-deploy baseline", baseline, warmCanary, baseline);

        var verdict = decisions.Any(d => d.Verdict == GateVerdict.Fail) ? GateVerdict.Fail
            : peersConclusive || baselineConclusive ? GateVerdict.Pass
            : GateVerdict.Inconclusive;
        return new GateJudgement(verdict, decisions);
    }

    /// <summary>
    /// Merges the peers' per-cell stats into one comparison: requests and successes add up (the error
    /// rate follows from the sums); p50 and p99 are the medians of the cells' values among cells with
    /// requests, so one noisy peer does not move the bar. No cells or no requests → <see cref="ExperimentWindowStats.Empty"/>.
    /// </summary>
    public static ExperimentWindowStats MergePeers(IEnumerable<ExperimentWindowStats> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);

        var withRequests = cells.Where(c => c.Requests > 0).ToList();
        if (withRequests.Count == 0)
        {
            return ExperimentWindowStats.Empty;
        }

        var tenants = withRequests
            .SelectMany(c => c.TenantsWithErrors)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        // A tenant lives in one cell, so the cells' counts add up.
        var tenantCount = withRequests.Sum(c => c.TenantsWithErrorsCount);
        return WindowStatsMerge.Create(
            withRequests.Sum(c => c.Requests),
            withRequests.Sum(c => c.Successes),
            Median(withRequests.Select(c => c.P50Ms)),
            Median(withRequests.Select(c => c.P99Ms)),
            tenants.Take(WindowStatsMerge.MaxTenants).ToList(),
            tenantCount);
    }

    private static bool Compare(
        List<GateDecision> decisions,
        Context context,
        string gate,
        string against,
        ExperimentWindowStats? comparison,
        ExperimentWindowStats latencyCanary,
        ExperimentWindowStats? latencyComparison)
    {
        var (at, wave, cell, canary, gates) = context;
        if (comparison is null || comparison.Requests < gates.MinRequests)
        {
            var detail = comparison is null
                ? Text($"{cell}: no data to compare with {against}.")
                : Text($"{cell}: no data to compare with {against}: only {comparison.Requests} requests there, fewer than the {gates.MinRequests} needed.");
            decisions.Add(new GateDecision(at, wave, cell, gate, "requests", canary.Requests, comparison?.Requests, gates.MinRequests, GateVerdict.Inconclusive, detail));
            return false;
        }

        var errorLimit = comparison.ErrorRate + gates.ErrorRateIncrease;
        var errorFailed = canary.ErrorRate > errorLimit;
        decisions.Add(new GateDecision(
            at, wave, cell, gate, "errorRate", canary.ErrorRate, comparison.ErrorRate, errorLimit, errorFailed ? GateVerdict.Fail : GateVerdict.Pass,
            Text($"{cell}: error rate {Percent(canary.ErrorRate)} ({canary.Errors} of {canary.Requests} requests) against {Percent(comparison.ErrorRate)} {against} ({comparison.Requests} requests): {(errorFailed ? "above" : "within")} the {Percent(errorLimit)} threshold.")));

        var slow = latencyCanary;
        var usual = latencyComparison ?? ExperimentWindowStats.Empty;
        var p99Limit = (usual.P99Ms * gates.P99Factor) + gates.P99FloorMs;
        if (slow.Requests < MinLatencySamples || usual.Requests < MinLatencySamples)
        {
            decisions.Add(new GateDecision(
                at, wave, cell, gate, "p99Ms", slow.P99Ms, usual.P99Ms, p99Limit, GateVerdict.Inconclusive,
                Text($"{cell}: p99 not judged {against}: {Math.Min(slow.Requests, usual.Requests)} requests after the warm-up are fewer than the {MinLatencySamples} a p99 needs to be more than the slowest request.")));
            return true;
        }

        var p99Failed = slow.P99Ms > p99Limit;
        decisions.Add(new GateDecision(
            at, wave, cell, gate, "p99Ms", slow.P99Ms, usual.P99Ms, p99Limit, p99Failed ? GateVerdict.Fail : GateVerdict.Pass,
            Text($"{cell}: p99 {Ms(slow.P99Ms)} against {Ms(usual.P99Ms)} {against}: {(p99Failed ? "above" : "within")} the {Ms(p99Limit)} threshold ({Ms(usual.P99Ms)} × {gates.P99Factor} + {Ms(gates.P99FloorMs)}).")));
        return true;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Ms(double ms) => ms.ToString("0.#", CultureInfo.InvariantCulture) + " ms";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Context(DateTimeOffset At, int Wave, string Cell, ExperimentWindowStats Canary, DeploymentGates Gates);
}
