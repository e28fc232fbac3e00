namespace Cellular.Router.Telemetry;

/// <summary>
/// What one cell saw in one second: a counter per outcome, a latency histogram and the tenants
/// (all, and those with errors; each set created on first use). Every counter is an
/// <see cref="Interlocked"/> increment, so recording never takes a lock.
/// </summary>
internal sealed class StatsSecond
{
    private readonly long[] _outcomes = new long[RequestOutcomeExtensions.Count];
    private readonly long[] _latency = new long[LatencyHistogram.BucketCount];
    private TenantSet? _tenants;
    private TenantSet? _tenantsWithErrors;

    /// <summary>Creates the bucket of <paramref name="second"/> (Unix seconds).</summary>
    public StatsSecond(long second)
    {
        Second = second;
    }

    /// <summary>The second this bucket covers, in Unix seconds.</summary>
    public long Second { get; }

    /// <summary>Counts one request.</summary>
    public void Record(RequestOutcome outcome, int latencyBucket, ReadOnlySpan<char> tenant)
    {
        Interlocked.Increment(ref _outcomes[(int)outcome]);
        Interlocked.Increment(ref _latency[latencyBucket]);
        if (tenant.IsEmpty)
        {
            return;
        }

        Set(ref _tenants).Add(tenant);
        if (outcome != RequestOutcome.Success)
        {
            Set(ref _tenantsWithErrors).Add(tenant);
        }
    }

    /// <summary>Adds this second's numbers to <paramref name="into"/>.</summary>
    public void AddTo(StatsAggregate into)
    {
        for (var i = 0; i < _outcomes.Length; i++)
        {
            into.Outcomes[i] += Volatile.Read(ref _outcomes[i]);
        }

        for (var i = 0; i < _latency.Length; i++)
        {
            into.Latency[i] += Volatile.Read(ref _latency[i]);
        }

        if (Volatile.Read(ref _tenants) is { } tenants)
        {
            into.Tenants.UnionWith(tenants.Tenants);
        }

        if (Volatile.Read(ref _tenantsWithErrors) is { } failed)
        {
            into.TenantsWithErrors.UnionWith(failed.Tenants);
        }
    }

    private static TenantSet Set(ref TenantSet? field)
    {
        var set = Volatile.Read(ref field);
        if (set is not null)
        {
            return set;
        }

        var created = new TenantSet();
        return Interlocked.CompareExchange(ref field, created, null) ?? created;
    }
}
