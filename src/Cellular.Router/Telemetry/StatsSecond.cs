namespace Cellular.Router.Telemetry;

/// <summary>
/// What one cell saw in one second: a counter per outcome, a latency histogram, the distinct
/// tenants (as hashes) and the tenants with errors (hashes and names, created on the first error).
/// Every counter is an <see cref="Interlocked"/> increment, so recording never takes a lock and,
/// on the happy path, never allocates. A bucket belongs to one slot of a <see cref="CellStatsRing"/>
/// for the router's life: when its slot comes round again it is cleared and claimed for the new
/// second (<see cref="TryClaim"/>) instead of replaced, so the ring allocates nothing per second and
/// the GC has no per-second garbage to promote and copy.
/// </summary>
internal sealed class StatsSecond
{
    // Marks a bucket being cleared for a new second; its writers wait (a few microseconds).
    private const long Claiming = long.MinValue;

    // A bucket that never held a second.
    private const long Unused = long.MinValue + 1;

    private readonly long[] _outcomes = new long[RequestOutcomeExtensions.Count];
    private readonly long[] _latency = new long[LatencyHistogram.BucketCount];
    private readonly TenantHashSet _tenants = new();
    private FailedTenantSet? _failed;
    private long _second = Unused;

    /// <summary>The second this bucket covers now, in Unix seconds; meaningless while it is being claimed.</summary>
    public long Second => Volatile.Read(ref _second);

    /// <summary>
    /// Makes the bucket the one of <paramref name="second"/>, clearing what an older second left in
    /// it; false when it already holds a later second (a request finishing after its slot moved on).
    /// Only a bucket older than the ring's length is ever cleared, so no report can be reading it.
    /// </summary>
    public bool TryClaim(long second)
    {
        var spin = default(SpinWait);
        while (true)
        {
            var current = Volatile.Read(ref _second);
            if (current == second)
            {
                return true;
            }

            if (current == Claiming)
            {
                spin.SpinOnce();
                continue;
            }

            if (current > second)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _second, Claiming, current) == current)
            {
                Clear();
                Volatile.Write(ref _second, second);
                return true;
            }
        }
    }

    /// <summary>Counts one request; <paramref name="tenantHash"/> is 0 for a request without a tenant key.</summary>
    public void Record(RequestOutcome outcome, int latencyBucket, ulong tenantHash, ReadOnlySpan<char> tenant, string? tenantText)
    {
        Interlocked.Increment(ref _outcomes[(int)outcome]);
        Interlocked.Increment(ref _latency[latencyBucket]);
        if (tenantHash == 0)
        {
            return;
        }

        _tenants.Add(tenantHash);
        if (outcome != RequestOutcome.Success)
        {
            Failed().Add(tenantHash, tenant, tenantText);
        }
    }

    /// <summary>Adds this second's numbers to <paramref name="into"/>.</summary>
    public void AddTo(StatsAggregate into)
    {
        ArgumentNullException.ThrowIfNull(into);
        for (var i = 0; i < _outcomes.Length; i++)
        {
            into.Outcomes[i] += Volatile.Read(ref _outcomes[i]);
        }

        for (var i = 0; i < _latency.Length; i++)
        {
            into.Latency[i] += Volatile.Read(ref _latency[i]);
        }

        _tenants.CopyTo(into.Tenants);
        Volatile.Read(ref _failed)?.CopyTo(into.FailedTenants, into.TenantsWithErrors);
    }

    private void Clear()
    {
        Array.Clear(_outcomes);
        Array.Clear(_latency);
        _tenants.Clear();
        Volatile.Read(ref _failed)?.Clear();
    }

    private FailedTenantSet Failed()
    {
        var set = Volatile.Read(ref _failed);
        if (set is not null)
        {
            return set;
        }

        var created = new FailedTenantSet();
        return Interlocked.CompareExchange(ref _failed, created, null) ?? created;
    }
}
