namespace Cellular.ControlPlane.Experiments;

/// <summary>How one non-target cell's window compares with its own baseline under an experiment's stop conditions.</summary>
/// <param name="Judged">False when the window had fewer requests than <c>minRequests</c>: too little to say anything.</param>
/// <param name="ErrorRateLimit">The highest acceptable error rate: the baseline's plus the allowed increase.</param>
/// <param name="P99LimitMs">The highest acceptable p99, or null when the baseline had too few requests to have one.</param>
/// <param name="ErrorRateExceeded">The window's error rate is above <paramref name="ErrorRateLimit"/>.</param>
/// <param name="P99Exceeded">The window's p99 is above <paramref name="P99LimitMs"/>.</param>
internal sealed record ContainmentResult(bool Judged, double ErrorRateLimit, double? P99LimitMs, bool ErrorRateExceeded, bool P99Exceeded)
{
    /// <summary>True when the cell degraded beyond the stop conditions.</summary>
    public bool Degraded => ErrorRateExceeded || P99Exceeded;
}
