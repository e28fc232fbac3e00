namespace Cellular.Router.Telemetry;

/// <summary>The sum of a cell's <see cref="StatsSecond"/> buckets over a query's range; built off the request path.</summary>
internal sealed class StatsAggregate
{
    /// <summary>Requests per <see cref="RequestOutcome"/>.</summary>
    public long[] Outcomes { get; } = new long[RequestOutcomeExtensions.Count];

    /// <summary>Latency histogram, laid out as <see cref="LatencyHistogram"/> says.</summary>
    public long[] Latency { get; } = new long[LatencyHistogram.BucketCount];

    /// <summary>Every tenant seen, by <see cref="TenantHashSet.Hash"/>.</summary>
    public HashSet<ulong> Tenants { get; } = [];

    /// <summary>Tenants with at least one request that was not a success, by <see cref="TenantHashSet.Hash"/>: the exact count.</summary>
    public HashSet<ulong> FailedTenants { get; } = [];

    /// <summary>The names of the tenants in <see cref="FailedTenants"/>.</summary>
    public HashSet<string> TenantsWithErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Total requests.</summary>
    public long Requests => Outcomes.Sum();

    /// <summary>Requests with <paramref name="outcome"/>.</summary>
    public long this[RequestOutcome outcome] => Outcomes[(int)outcome];
}
