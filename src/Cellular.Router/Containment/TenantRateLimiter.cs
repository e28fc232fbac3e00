using Cellular.Core.Routing;
using Cellular.Router.Extraction;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Containment;

/// <summary>
/// The per-tenant token bucket in front of every cell: a tenant may send its weight × the
/// configured rate, plus a burst, before it gets 429 with <c>Retry-After</c>. Buckets live in a
/// preallocated <see cref="TenantBucketTable"/>, so a request allocates nothing here, even for a
/// tenant never seen before; the weight is read from the routing table the request is routed by,
/// so a new weight applies from the first request after the table changes.
/// </summary>
internal sealed class TenantRateLimiter
{
    private readonly TenantBucketTable _buckets;
    private readonly TenantRateLimitOptions _options;
    private readonly TimeProvider _time;
    private readonly BucketRate _unitRate;
    private readonly double _timeSpanTicksPerTimestamp;

    /// <summary>Sizes the bucket table from <see cref="TenantRateLimitOptions.TrackedTenants"/> (the smallest table when the limit is off).</summary>
    public TenantRateLimiter(IOptions<RouterOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value.TenantRateLimit;
        _time = time;
        _buckets = new TenantBucketTable(_options.Enabled ? _options.TrackedTenants : TenantBucketTable.Window, Random.Shared.NextInt64());
        _unitRate = BucketRate.For(_options, 1, time.TimestampFrequency);
        _timeSpanTicksPerTimestamp = (double)TimeSpan.TicksPerSecond / time.TimestampFrequency;
    }

    /// <summary>Whether tenants are rate limited at all.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>Slots of the bucket table.</summary>
    public int Capacity => _buckets.Capacity;

    /// <summary>Buckets reset early because the table had no room: a sign <see cref="TenantRateLimitOptions.TrackedTenants"/> is too small.</summary>
    public long Evictions => _buckets.Evictions;

    /// <summary>Tenants whose bucket is still refilling (walks the whole table).</summary>
    public int TrackedTenants => _buckets.CountRefilling(_time.GetTimestamp());

    /// <summary>Spends one of the tenant's tokens; when there is none, says when the next one is due.</summary>
    public bool TryAcquire(in TenantKey key, RoutingTable table, long now, out TimeSpan retryAfter)
    {
        var tenant = key.Span;
        var weight = table.GetTenantWeight(tenant);
        var rate = weight == 1 ? _unitRate : BucketRate.For(_options, weight, _time.TimestampFrequency);
        if (_buckets.TryAcquire(tenant, weight, rate, now, out var wait))
        {
            retryAfter = default;
            return true;
        }

        retryAfter = TimeSpan.FromTicks(Math.Max(1, (long)(wait * _timeSpanTicksPerTimestamp)));
        return false;
    }
}
