namespace Cellular.ControlPlane.Health;

/// <summary>The recent probe outcomes of one cell, replaced as a whole after every probe.</summary>
/// <param name="LastProbeAt">When the last probe finished.</param>
/// <param name="LastHealthy">Outcome of the last probe.</param>
/// <param name="LastSuccessAt">When a probe last succeeded.</param>
/// <param name="ConsecutiveFailures">Failed probes in a row.</param>
/// <param name="ConsecutiveSuccesses">Healthy probes in a row.</param>
/// <param name="LastError">What the last failed probe saw.</param>
/// <param name="LastErrorAt">When that was.</param>
internal sealed record CellProbeHistory(
    DateTimeOffset LastProbeAt,
    bool LastHealthy,
    DateTimeOffset? LastSuccessAt,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    /// <summary>The history after one more probe (<paramref name="error"/> is null when it succeeded).</summary>
    public static CellProbeHistory Next(CellProbeHistory? previous, string? error, DateTimeOffset at) => error is null
        ? new(at, true, at, 0, (previous?.ConsecutiveSuccesses ?? 0) + 1, previous?.LastError, previous?.LastErrorAt)
        : new(at, false, previous?.LastSuccessAt, (previous?.ConsecutiveFailures ?? 0) + 1, 0, error, at);
}
