using System.Threading.RateLimiting;

namespace Cellular.Router.Containment;

/// <summary>
/// One tenant's token bucket: a <see cref="TokenBucketRateLimiter"/> without its own timer,
/// replenished from the request path when a period has passed (the limiter adds tokens for the
/// time elapsed), plus what the sweeper needs to reclaim it once it has been idle long enough to
/// be full again.
/// </summary>
internal sealed class TenantBucket : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter;
    private readonly TimeSpan _period;
    private readonly long _periodTicks;
    private readonly long _idleTicks;
    private long _lastReplenish;
    private long _lastSeen;

    /// <summary>Creates a full bucket for a tenant of <paramref name="weight"/>.</summary>
    public TenantBucket(int weight, TenantRateLimitOptions options, long now, long timestampFrequency)
    {
        ArgumentNullException.ThrowIfNull(options);
        Weight = weight;
        var rate = options.PermitsPerSecondPerWeight * weight;

        // About ten replenishments a second, whole tokens each: the period follows from the rate.
        var tokensPerPeriod = (int)Math.Clamp(Math.Floor(rate / 10), 1, int.MaxValue);
        _period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (long)Math.Round(tokensPerPeriod * TimeSpan.TicksPerSecond / rate)));
        var tokenLimit = (int)Math.Clamp(Math.Ceiling(options.BurstSeconds * rate), 1, int.MaxValue);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokenLimit,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = _period,
            AutoReplenishment = false,
            QueueLimit = 0,
        });

        _periodTicks = (long)(_period.TotalSeconds * timestampFrequency);

        // Reclaimed only when a fresh (full) bucket would be no different: at least 10 s, and long enough to refill.
        var refill = TimeSpan.FromSeconds(tokenLimit / rate) + _period;
        _idleTicks = (long)(Math.Max(10, refill.TotalSeconds) * timestampFrequency);
        _lastReplenish = now;
        _lastSeen = now;
    }

    /// <summary>The tenant weight the bucket was sized for.</summary>
    public int Weight { get; }

    /// <summary>Takes one token; when there is none, says how long until the next one.</summary>
    public bool TryAcquire(long now, out TimeSpan retryAfter)
    {
        Volatile.Write(ref _lastSeen, now);
        if (now - Volatile.Read(ref _lastReplenish) >= _periodTicks)
        {
            Volatile.Write(ref _lastReplenish, now);
            _limiter.TryReplenish();
        }

        using (var lease = _limiter.AttemptAcquire())
        {
            if (lease.IsAcquired)
            {
                retryAfter = default;
                return true;
            }
        }

        // Tokens may already be due by the limiter's own clock; ask once more before refusing.
        _limiter.TryReplenish();
        using var retry = _limiter.AttemptAcquire();
        if (retry.IsAcquired)
        {
            retryAfter = default;
            return true;
        }

        retryAfter = retry.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : _period;
        return false;
    }

    /// <summary>True when the tenant has sent nothing for long enough that its bucket is full again.</summary>
    public bool IsIdle(long now) => now - Volatile.Read(ref _lastSeen) >= _idleTicks;

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
