using System.Globalization;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>The sentences experiments explain themselves with: stop reasons and report evidence.</summary>
internal static class EvidenceText
{
    public static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Ms(double ms) => ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>E.g. <c>c2: error rate 0.0% → 0.0%, p99 12 ms → 14 ms (840 requests), within limits</c>.</summary>
    public static string CellLine(string cell, bool target, ExperimentWindowStats before, ExperimentWindowStats during, ContainmentResult? result)
    {
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{cell}{(target ? " (target)" : string.Empty)}: error rate {Percent(before.ErrorRate)} → {Percent(during.ErrorRate)}, p99 {Ms(before.P99Ms)} → {Ms(during.P99Ms)} ({during.Requests} requests)");
        return result switch
        {
            null => line,
            { Judged: false } => $"{line}, too few requests to judge",
            { Degraded: true } => $"{line}, over the limit: {Exceeded(result)}",
            _ => $"{line}, within limits",
        };
    }

    /// <summary>Why a stop condition aborted an experiment, naming the cell and the numbers.</summary>
    public static string StopReason(string cell, TimeSpan window, ExperimentWindowStats baseline, ExperimentWindowStats current, ContainmentResult result) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Stop condition fired: cell {cell} (not a target) degraded over the last {window.TotalSeconds:0.#} s: error rate {Percent(current.ErrorRate)} ({current.Errors} of {current.Requests} requests), p99 {Ms(current.P99Ms)}; its baseline was error rate {Percent(baseline.ErrorRate)}, p99 {Ms(baseline.P99Ms)} ({baseline.Requests} requests); over the limit: {Exceeded(result)}.");

    private static string Exceeded(ContainmentResult result)
    {
        var parts = new List<string>(2);
        if (result.ErrorRateExceeded)
        {
            parts.Add($"error rate above {Percent(result.ErrorRateLimit)}");
        }

        if (result.P99Exceeded && result.P99LimitMs is { } limit)
        {
            parts.Add($"p99 above {Ms(limit)}");
        }

        return string.Join(" and ", parts);
    }
}
