using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// The one rule behind both the stop condition and the report's verdict: a cell outside the
/// targets must not get worse than its own before-window by more than the experiment allows.
/// </summary>
internal static class ContainmentCheck
{
    /// <summary>
    /// Compares <paramref name="current"/> with <paramref name="baseline"/>. A baseline with fewer
    /// than <c>minRequests</c> requests counts as error-free and has no p99 to compare with.
    /// </summary>
    public static ContainmentResult Compare(ExperimentWindowStats baseline, ExperimentWindowStats current, ExperimentStopConditions limits)
    {
        var baselineKnown = baseline.Requests >= limits.MinRequests;
        var errorRateLimit = (baselineKnown ? baseline.ErrorRate : 0) + limits.NonTargetErrorRateIncrease;
        double? p99Limit = baselineKnown ? (baseline.P99Ms * limits.NonTargetP99Factor) + limits.NonTargetP99FloorMs : null;
        var judged = current.Requests >= limits.MinRequests;
        return new ContainmentResult(
            judged,
            errorRateLimit,
            p99Limit,
            judged && current.ErrorRate > errorRateLimit,
            judged && p99Limit is { } limit && current.P99Ms > limit);
    }
}
