using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Forwarding;

namespace Cellular.Router.Telemetry;

/// <summary>
/// Where the request path reports how each request ended: the metrics and the per-second
/// statistics, in one call. Lock-free, and allocation-free for every request that succeeds (a
/// failing tenant's name is kept once per cell and second for <c>/_router/stats</c>).
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
    public void Finished(CellGuard? guard, RequestOutcome outcome, long startTimestamp, ReadOnlySpan<char> tenant) =>
        Finished(guard, outcome, startTimestamp, tenant, null);

    /// <summary>Records a request of tenant <paramref name="key"/> (default: none found) that started at <paramref name="startTimestamp"/>.</summary>
    public void Finished(CellGuard? guard, RequestOutcome outcome, long startTimestamp, in TenantKey key, ForwardingPath path = ForwardingPath.None) =>
        Finished(guard, outcome, startTimestamp, key.Span, key.WholeText, path);

    private void Finished(CellGuard? guard, RequestOutcome outcome, long startTimestamp, ReadOnlySpan<char> tenant, string? tenantText, ForwardingPath path = ForwardingPath.None)
    {
        var duration = _time.GetElapsedTime(startTimestamp);
        RouterTracing.Finished(guard?.CellId, outcome);
        _metrics.RequestFinished(guard?.CellId ?? StatsRecorder.NoCell, path, duration);
        _stats.Record(guard?.Stats ?? _stats.None, outcome, duration, tenant, tenantText);
    }

    /// <summary>Records what became of a request that <paramref name="source"/> refused with 421; the request itself is recorded by <c>Finished</c>.</summary>
    public void CutoverFinished(CellGuard source, CutoverOutcome outcome, TimeSpan? held) =>
        _metrics.CutoverFinished(source.CellId, outcome, held);
}
