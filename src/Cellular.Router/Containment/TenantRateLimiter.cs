using System.Collections.Concurrent;
using Cellular.Core.Routing;
using Cellular.Router.Extraction;
using Cellular.Router.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Cellular.Router.Containment;

/// <summary>
/// Per-tenant rate limiting: one <see cref="TenantBucket"/> (a lock-free token bucket of two
/// <c>long</c>s) per tenant, sized by the tenant's weight from the routing table, looked up only
/// when the bucket is created. A partitioned limiter of our own rather than
/// <c>PartitionedRateLimiter.Create</c>: the library's takes one global lock per acquisition and
/// needs the key as a string, while this one is a lock-free <see cref="ConcurrentDictionary{TKey, TValue}"/>
/// read by span. A tenant's first request in a while adds one bucket and one dictionary entry (the
/// key string is the header's own when the key came from <c>X-Tenant-Id</c>). Like the library's,
/// it reclaims idle partitions (from a timer, off the request path), and it re-sizes buckets whose
/// tenant's weight changed when a new table is applied.
/// </summary>
internal sealed class TenantRateLimiter : IDisposable
{
    private static readonly TimeSpan _sweepInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, TenantBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TenantBucket>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly TenantRateLimitOptions _options;
    private readonly RoutingTableHolder _holder;
    private readonly TimeProvider _time;
    private readonly ITimer? _sweeper;
    private readonly IDisposable? _tableChanges;

    /// <summary>Creates the limiter; when enabled, starts the sweeper and follows table changes.</summary>
    public TenantRateLimiter(IOptions<RouterOptions> options, RoutingTableHolder holder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.TenantRateLimit;
        _holder = holder;
        _time = time;
        _lookup = _buckets.GetAlternateLookup<ReadOnlySpan<char>>();
        if (_options.Enabled)
        {
            _sweeper = time.CreateTimer(static self => ((TenantRateLimiter)self!).Sweep(), this, _sweepInterval, _sweepInterval);
            _tableChanges = ChangeToken.OnChange(holder.GetChangeToken, Resize);
        }
    }

    /// <summary>False when <c>TenantRateLimit:Enabled</c> is off: every request passes.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>Tenants with a live bucket (for tests and diagnostics; takes the dictionary's locks).</summary>
    public int TenantCount => _buckets.Count;

    /// <summary>Takes one permit for <paramref name="key"/>; <paramref name="table"/> gives the weight of a tenant seen for the first time.</summary>
    public bool TryAcquire(in TenantKey key, RoutingTable table, long now, out TimeSpan retryAfter)
    {
        if (!_lookup.TryGetValue(key.Span, out var bucket))
        {
            bucket = _buckets.GetOrAdd(
                key.ToString(),
                static (id, state) => new TenantBucket(state.Table.GetTenantWeight(id), state.Options, state.Now, state.Frequency),
                (Table: table, Options: _options, Now: now, Frequency: _time.TimestampFrequency));
        }

        return bucket.TryAcquire(now, out retryAfter);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sweeper?.Dispose();
        _tableChanges?.Dispose();
        _buckets.Clear();
    }

    /// <summary>Drops buckets of tenants idle long enough to be full again: a returning tenant gets an identical fresh one.</summary>
    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var pair in _buckets)
        {
            if (pair.Value.IsIdle(now))
            {
                _buckets.TryRemove(pair);
            }
        }
    }

    /// <summary>Replaces the buckets of tenants whose weight the new table changed.</summary>
    private void Resize()
    {
        var table = _holder.State.Table;
        var now = _time.GetTimestamp();
        foreach (var pair in _buckets)
        {
            var weight = table.GetTenantWeight(pair.Key);
            if (weight != pair.Value.Weight)
            {
                _buckets.TryUpdate(pair.Key, new TenantBucket(weight, _options, now, _time.TimestampFrequency), pair.Value);
            }
        }
    }
}
