using System.Collections.Concurrent;
using Cellular.Core.Api;
using Cellular.Core.Routing;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Telemetry;

/// <summary>
/// Keeps per-cell, per-second request statistics in memory for <see cref="RouterOptions.StatsRetention"/>
/// and answers <c>/_router/stats</c> from them. Seconds come from the injected
/// <see cref="TimeProvider"/>, aligned to whole Unix seconds, so a chaos experiment can ask for
/// exact before/during/after windows and adjacent windows never count a request twice.
/// </summary>
internal sealed class StatsRecorder
{
    /// <summary>The cell name of requests that reached no cell.</summary>
    public const string NoCell = "none";

    /// <summary>The longest list of tenant ids with errors one cell reports.</summary>
    public const int MaxTenantsWithErrors = 1000;

    private const int DefaultWindowSeconds = 10;

    private readonly ConcurrentDictionary<string, CellStatsRing> _cells = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _retentionSeconds;

    /// <summary>Creates the recorder.</summary>
    public StatsRecorder(IOptions<RouterOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _retentionSeconds = (int)Math.Ceiling(options.Value.StatsRetention.TotalSeconds);
        None = For(NoCell);
    }

    /// <summary>The ring of requests that reached no cell.</summary>
    public CellStatsRing None { get; }

    /// <summary>Every cell's ring, <see cref="None"/> included, in no particular order.</summary>
    public ICollection<CellStatsRing> Rings => _cells.Values;

    /// <summary>The ring of <paramref name="cell"/>, created on first use and kept for the router's life.</summary>
    public CellStatsRing For(string cell) =>
        _cells.GetOrAdd(cell, static (id, length) => new CellStatsRing(id, length), _retentionSeconds + 2);

    /// <summary>Counts one finished request in the current second; <paramref name="tenant"/> is empty when the request had no valid key.</summary>
    public void Record(CellStatsRing ring, RequestOutcome outcome, TimeSpan latency, ReadOnlySpan<char> tenant) =>
        Record(ring, outcome, latency, tenant, null);

    /// <summary>
    /// Counts one finished request in the current second. <paramref name="tenantText"/> is the key
    /// as a string when the caller has one already (a whole header value), so a failing tenant's
    /// name is not copied; null otherwise.
    /// </summary>
    public void Record(CellStatsRing ring, RequestOutcome outcome, TimeSpan latency, ReadOnlySpan<char> tenant, string? tenantText)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ring.Count(outcome);
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        var bucket = ring.ForWriting(second);
        if (bucket is not null)
        {
            var hash = tenant.IsEmpty ? 0 : TenantHashSet.Hash(tenant);
            bucket.Record(outcome, LatencyHistogram.BucketOf(latency.Ticks / TimeSpan.TicksPerMicrosecond), hash, tenant, tenantText);
        }
    }

    /// <summary>
    /// Aggregates <c>[from, to)</c> (Unix milliseconds), widened to whole seconds and clipped to the
    /// retention period and the present. Without <paramref name="fromMs"/> the range is the ten
    /// seconds before <paramref name="toMs"/>; without <paramref name="toMs"/> it reaches the present,
    /// current partial second included.
    /// </summary>
    public RouterStats Report(long? fromMs, long? toMs, RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var nowSecond = _time.GetUtcNow().ToUnixTimeSeconds();
        var end = toMs is { } to ? CeilingDiv(to, 1000) : nowSecond + 1;
        var start = fromMs is { } from ? FloorDiv(from, 1000) : end - DefaultWindowSeconds;
        end = Math.Min(end, nowSecond + 1);
        start = Math.Clamp(start, nowSecond - _retentionSeconds + 1, end);

        var cells = new List<RouterCellStats>(table.Cells.Count + 1);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in table.Cells)
        {
            listed.Add(cell.Id);
            cells.Add(Describe(cell.Id, Aggregate(_cells.GetValueOrDefault(cell.Id), start, end)));
        }

        foreach (var ring in _cells.Values.OrderBy(r => r.Cell, StringComparer.Ordinal))
        {
            if (ring == None || listed.Contains(ring.Cell))
            {
                continue;
            }

            var aggregate = Aggregate(ring, start, end);
            if (aggregate.Requests > 0)
            {
                cells.Add(Describe(ring.Cell, aggregate));
            }
        }

        var none = Aggregate(None, start, end);
        if (none.Requests > 0)
        {
            cells.Add(Describe(NoCell, none));
        }

        return new RouterStats(start * 1000, end * 1000, table.Version, cells);
    }

    private static StatsAggregate Aggregate(CellStatsRing? ring, long start, long end)
    {
        var aggregate = new StatsAggregate();
        if (ring is null)
        {
            return aggregate;
        }

        for (var second = start; second < end; second++)
        {
            ring.ForReading(second)?.AddTo(aggregate);
        }

        return aggregate;
    }

    private static RouterCellStats Describe(string cell, StatsAggregate a)
    {
        var requests = a.Requests;
        var errors = new RouterErrorCounts(
            a[RequestOutcome.UpstreamError],
            a[RequestOutcome.Shed],
            a[RequestOutcome.RateLimited],
            a[RequestOutcome.CellDown],
            a[RequestOutcome.CircuitOpen],
            a[RequestOutcome.NoRoute],
            a[RequestOutcome.Moving]);
        var failed = a.TenantsWithErrors.Order(StringComparer.Ordinal).Take(MaxTenantsWithErrors).ToList();
        return new RouterCellStats(
            cell,
            requests,
            a[RequestOutcome.Success],
            errors,
            LatencyHistogram.Percentile(a.Latency, requests, 0.50),
            LatencyHistogram.Percentile(a.Latency, requests, 0.99),
            a.Tenants.Count,
            failed,
            Math.Max(a.FailedTenants.Count, failed.Count));
    }

    private static long FloorDiv(long value, long divisor) => (value / divisor) - (value % divisor != 0 && value < 0 ? 1 : 0);

    private static long CeilingDiv(long value, long divisor) => (value / divisor) + (value % divisor != 0 && value > 0 ? 1 : 0);
}
