namespace Cellular.Router.Containment;

/// <summary>
/// One tenant's token bucket, lock-free: the generic cell rate algorithm, which is a token bucket
/// kept as one timestamp instead of a token count and a refill time. <c>_full</c> is when the
/// bucket would be full again if nothing more were taken; each permit moves it one emission
/// interval (1 ÷ rate) later, and a request is refused while that would put it more than the
/// burst ahead of now. One <see cref="Interlocked.CompareExchange(ref long, long, long)"/> per
/// request, no lock, no timer, nothing to dispose: a few dozen bytes per tenant instead of a
/// <c>TokenBucketRateLimiter</c> with its lock, queue and lease objects, which cost the router
/// 7 µs and 170 MB at random tenants. Tokens refill continuously rather than in steps, so the
/// rate over any window is the configured one and <c>Retry-After</c> is exactly when the next token is due.
/// Timestamps come from the router's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TenantBucket
{
    private readonly long _interval;
    private readonly long _tolerance;
    private readonly long _idleTicks;
    private readonly double _timeSpanTicksPerTimestamp;
    private long _full;
    private long _lastSeen;

    /// <summary>Creates a full bucket for a tenant of <paramref name="weight"/>.</summary>
    public TenantBucket(int weight, TenantRateLimitOptions options, long now, long timestampFrequency)
    {
        ArgumentNullException.ThrowIfNull(options);
        Weight = weight;
        var rate = options.PermitsPerSecondPerWeight * weight;
        var tokenLimit = Math.Clamp(Math.Ceiling(options.BurstSeconds * rate), 1, int.MaxValue);
        _interval = Math.Max(1, (long)Math.Round(timestampFrequency / rate));

        // The bucket allows tokenLimit permits at once: the last of them finds it tokenLimit − 1 intervals ahead.
        _tolerance = (long)Math.Min(long.MaxValue / 4, (tokenLimit - 1) * _interval);
        _timeSpanTicksPerTimestamp = (double)TimeSpan.TicksPerSecond / timestampFrequency;

        // Reclaimed only when a fresh (full) bucket would be no different: at least 10 s, and long enough to refill.
        _idleTicks = (long)(Math.Max(10, tokenLimit / rate) * timestampFrequency);
        _full = now;
        _lastSeen = now;
    }

    /// <summary>The tenant weight the bucket was sized for.</summary>
    public int Weight { get; }

    /// <summary>Takes one token; when there is none, says how long until the next one.</summary>
    public bool TryAcquire(long now, out TimeSpan retryAfter)
    {
        Volatile.Write(ref _lastSeen, now);
        while (true)
        {
            var full = Volatile.Read(ref _full);
            var from = Math.Max(full, now);
            var ahead = from - now;
            if (ahead > _tolerance)
            {
                retryAfter = TimeSpan.FromTicks(Math.Max(1, (long)((ahead - _tolerance) * _timeSpanTicksPerTimestamp)));
                return false;
            }

            if (Interlocked.CompareExchange(ref _full, from + _interval, full) == full)
            {
                retryAfter = default;
                return true;
            }
        }
    }

    /// <summary>True when the tenant has sent nothing for long enough that its bucket is full again.</summary>
    public bool IsIdle(long now) => now - Volatile.Read(ref _lastSeen) >= _idleTicks;
}
