namespace Cellular.Router;

/// <summary>
/// The per-tenant token bucket, bound from <c>Cellular:Router:TenantRateLimit</c>. A tenant may
/// send <see cref="PermitsPerSecondPerWeight"/> × its weight (from the routing table) requests per
/// second, and save up <see cref="BurstSeconds"/> of that rate for a burst. Beyond it: 429.
/// </summary>
public sealed class TenantRateLimitOptions
{
    /// <summary>Whether tenants are rate limited at all.</summary>
    /// <value>Defaults to true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per second a tenant of weight 1 may send (more than 0, at most 1,000,000).</summary>
    /// <value>Defaults to 100.</value>
    public double PermitsPerSecondPerWeight { get; set; } = 100;

    /// <summary>Seconds of its rate a tenant may spend at once (more than 0, at most 3600).</summary>
    /// <value>Defaults to 2.</value>
    public double BurstSeconds { get; set; } = 2;

    /// <summary>
    /// Tenants whose buckets the router can keep at once (rounded up to a power of two, 64 to
    /// 16,777,216; 24 bytes each, allocated at start-up). A bucket needs a place only while it
    /// refills after a request, so this bounds the tenants active within about one
    /// <see cref="BurstSeconds"/>, not all tenants; when it is too small, buckets close to full are
    /// reset early and counted as evictions.
    /// </summary>
    /// <value>Defaults to 65,536 (1.5 MiB).</value>
    public int TrackedTenants { get; set; } = 65_536;
}
