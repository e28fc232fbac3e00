using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cellular.Router.Forwarding;
using Cellular.Router.Routing;
using Cellular.Router.Sync;

namespace Cellular.Router.Telemetry;

/// <summary>
/// The router's instruments, on meter <c>Cellular.Router</c> (exported at <c>/metrics</c>). Every
/// series carries a <c>cell</c> tag: the cell id, or <c>none</c> for requests that reached no cell
/// and for router-wide gauges. Instruments are checked for listeners before tags are built.
/// <c>cellular.router.requests</c> is observed at collection time from the per-cell totals the
/// statistics keep anyway (<see cref="CellStatsRing.Total"/>), so a request costs the metrics one
/// histogram recording and no counter update of their own; the histogram stays per request
/// because there is no observable histogram to report the statistics' own buckets through.
/// </summary>
internal sealed class RouterMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Cellular.Router";

    private const string CellTag = "cell";
    private const string OutcomeTag = "outcome";
    private const string PathTag = "path";

    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _cutoverRequests;
    private readonly Histogram<double> _holdDuration;
    private readonly RoutingTableHolder _holder;
    private readonly StatsRecorder _stats;
    private readonly SyncStatus _sync;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;

    /// <summary>Creates the instruments.</summary>
    public RouterMetrics(IMeterFactory meterFactory, RoutingTableHolder holder, StatsRecorder stats, SyncStatus sync, CutoverHold cutover, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(cutover);
        _holder = holder;
        _stats = stats;
        _sync = sync;
        _time = time;
        _startedAt = time.GetUtcNow();
        var meter = meterFactory.Create(MeterName);

        meter.CreateObservableCounter(
            "cellular.router.requests",
            ObserveRequests,
            unit: "{request}",
            description: "Requests finished by the router, by cell and outcome (success, upstream_error, shed, rate_limited, cell_down, circuit_open, no_route, moving).");
        _duration = meter.CreateHistogram(
            "cellular.router.request.duration",
            unit: "s",
            description: "Time from the router receiving a request to finishing it, by cell and forwarding path (lean, yarp, none).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _cutoverRequests = meter.CreateCounter<long>(
            "cellular.router.cutover.requests",
            unit: "{request}",
            description: "Requests a cell refused with 421 (tenant fenced or moved), by that cell and what became of them (retried_ok, retried_failed, hold_timeout, hold_full, body_too_large, client_left).");
        _holdDuration = meter.CreateHistogram(
            "cellular.router.cutover.hold.duration",
            unit: "s",
            description: "Time from a cell's 421 to the retry on the new owner (or to giving up), by the refusing cell.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge(
            "cellular.router.cutover.held",
            () => new Measurement<int>(cutover.Held, new KeyValuePair<string, object?>(CellTag, StatsRecorder.NoCell)),
            unit: "{request}",
            description: "Requests held now, waiting for the routing table to move their tenant.");
        meter.CreateObservableGauge(
            "cellular.router.cell.in_flight",
            ObserveInFlight,
            unit: "{request}",
            description: "Requests in flight to each cell.");
        meter.CreateObservableGauge(
            "cellular.router.cell.circuit_state",
            ObserveCircuits,
            unit: "{state}",
            description: "Circuit of each cell: 0 closed, 1 open, 2 half-open.");
        meter.CreateObservableGauge(
            "cellular.router.table.version",
            () => new Measurement<long>(_holder.State.Table.Version, new KeyValuePair<string, object?>(CellTag, StatsRecorder.NoCell)),
            unit: "{version}",
            description: "Version of the routing table in use (0: none yet).");
        meter.CreateObservableGauge(
            "cellular.router.table.staleness",
            ObserveStaleness,
            unit: "s",
            description: "Seconds since the control plane last answered (since start-up when it never has).");
        meter.CreateObservableGauge(
            "cellular.router.control_plane.current",
            () => new Measurement<int>(1, new KeyValuePair<string, object?>(CellTag, StatsRecorder.NoCell), new KeyValuePair<string, object?>("url", _sync.ControlPlane ?? string.Empty)),
            unit: "{replica}",
            description: "1, tagged with the url of the control-plane replica the routing-table sync uses now.");
        meter.CreateObservableCounter(
            "cellular.router.control_plane.failovers",
            () => new Measurement<long>(_sync.Failovers, new KeyValuePair<string, object?>(CellTag, StatsRecorder.NoCell)),
            unit: "{failover}",
            description: "Times the routing-table sync moved to another control-plane replica (it could not connect, got an error status or no answer in time).");
    }

    /// <summary>Records the duration of one finished request and the path that forwarded it; the request itself is counted by the statistics.</summary>
    public void RequestFinished(string cell, ForwardingPath path, TimeSpan duration)
    {
        if (_duration.Enabled)
        {
            _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(CellTag, cell), new KeyValuePair<string, object?>(PathTag, PathTagValue(path)));
        }
    }

    private static string PathTagValue(ForwardingPath path) => path switch
    {
        ForwardingPath.Lean => "lean",
        ForwardingPath.Yarp => "yarp",
        _ => "none",
    };

    /// <summary>Counts one request <paramref name="cell"/> refused with 421 and how long it was held (null: not held).</summary>
    public void CutoverFinished(string cell, CutoverOutcome outcome, TimeSpan? held)
    {
        if (_cutoverRequests.Enabled)
        {
            _cutoverRequests.Add(1, new KeyValuePair<string, object?>(CellTag, cell), new KeyValuePair<string, object?>(OutcomeTag, outcome.ToTagValue()));
        }

        if (held is { } duration && _holdDuration.Enabled)
        {
            _holdDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>(CellTag, cell));
        }
    }

    private IEnumerable<Measurement<long>> ObserveRequests()
    {
        foreach (var ring in _stats.Rings)
        {
            for (var outcome = (RequestOutcome)0; (int)outcome < RequestOutcomeExtensions.Count; outcome++)
            {
                var total = ring.Total(outcome);
                if (total > 0)
                {
                    yield return new Measurement<long>(total, new TagList { { CellTag, ring.Cell }, { OutcomeTag, outcome.ToTagValue() } });
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveInFlight()
    {
        foreach (var target in _holder.State.Targets)
        {
            yield return new Measurement<int>(target.Guard.InFlight, new KeyValuePair<string, object?>(CellTag, target.Cell.Id));
        }
    }

    private IEnumerable<Measurement<int>> ObserveCircuits()
    {
        foreach (var target in _holder.State.Targets)
        {
            yield return new Measurement<int>((int)target.Guard.Circuit.Status, new KeyValuePair<string, object?>(CellTag, target.Cell.Id));
        }
    }

    private Measurement<double> ObserveStaleness()
    {
        var since = _sync.LastSyncAt ?? _startedAt;
        var seconds = Math.Max(0, (_time.GetUtcNow() - since).TotalSeconds);
        return new Measurement<double>(seconds, new KeyValuePair<string, object?>(CellTag, StatsRecorder.NoCell));
    }
}
