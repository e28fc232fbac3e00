using Cellular.Router.Containment;

namespace Cellular.Router.Telemetry;

/// <summary>
/// Where the request path reports how each request ended: the metrics and the per-second
/// statistics, in one call. Lock-free and, for known tenants, allocation-free.
/// </summary>
internal sealed class RequestRecorder
{
    private readonly RouterMetrics _metrics;
    private readonly StatsRecorder _stats;
    private readonly TimeProvider _time;

    /// <summary>Creates the recorder.</summary>
    public RequestRecorder(RouterMetrics metrics, StatsRecorder stats, TimeProvider time)
    {
        _metrics = metrics;
        _stats = stats;
        _time = time;
    }

    /// <summary>Records a request that started at <paramref name="startTimestamp"/>; <paramref name="guard"/> is null when it reached no cell.</summary>
    public void Finished(CellGuard? guard, RequestOutcome outcome, long startTimestamp, ReadOnlySpan<char> tenant)
    {
        var duration = _time.GetElapsedTime(startTimestamp);
        _metrics.RequestFinished(guard?.CellId ?? StatsRecorder.NoCell, outcome, duration);
        _stats.Record(guard?.Stats ?? _stats.None, outcome, duration, tenant);
    }

    /// <summary>Records what became of a request that <paramref name="source"/> refused with 421; the request itself is recorded by <see cref="Finished"/>.</summary>
    public void CutoverFinished(CellGuard source, CutoverOutcome outcome, TimeSpan? held) =>
        _metrics.CutoverFinished(source.CellId, outcome, held);
}
