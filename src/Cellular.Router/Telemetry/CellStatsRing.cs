namespace Cellular.Router.Telemetry;

/// <summary>
/// One cell's <see cref="StatsSecond"/> buckets for the retention period, in a ring indexed by
/// Unix second. A slot's bucket is allocated the first time the slot has a request and is reused,
/// cleared, each time the slot comes round again (a ring-length later): no lock, seconds without
/// traffic cost nothing, and steady traffic allocates nothing. Also keeps the cell's request totals
/// since start-up, from which the metrics are read.
/// </summary>
internal sealed class CellStatsRing
{
    private readonly StatsSecond?[] _seconds;
    private readonly long[] _totals = new long[RequestOutcomeExtensions.Count];

    /// <summary>Creates the ring of <paramref name="cell"/> holding <paramref name="length"/> seconds.</summary>
    public CellStatsRing(string cell, int length)
    {
        Cell = cell;
        _seconds = new StatsSecond?[length];
    }

    /// <summary>The cell id, or <c>none</c>.</summary>
    public string Cell { get; }

    /// <summary>Counts one request in the totals since start-up (the <c>cellular.router.requests</c> counter, read when metrics are collected).</summary>
    public void Count(RequestOutcome outcome) => Interlocked.Increment(ref _totals[(int)outcome]);

    /// <summary>Requests with <paramref name="outcome"/> since start-up.</summary>
    public long Total(RequestOutcome outcome) => Volatile.Read(ref _totals[(int)outcome]);

    /// <summary>The bucket of <paramref name="second"/>, claimed if needed; null for a second older than the ring holds.</summary>
    public StatsSecond? ForWriting(long second)
    {
        ref var slot = ref _seconds[(int)(second % _seconds.Length)];
        var bucket = Volatile.Read(ref slot);
        if (bucket is null)
        {
            var fresh = new StatsSecond();
            bucket = Interlocked.CompareExchange(ref slot, fresh, null) ?? fresh;
        }

        return bucket.TryClaim(second) ? bucket : null;
    }

    /// <summary>The bucket of <paramref name="second"/> if it had any request.</summary>
    public StatsSecond? ForReading(long second)
    {
        var bucket = Volatile.Read(ref _seconds[(int)(second % _seconds.Length)]);
        return bucket is not null && bucket.Second == second ? bucket : null;
    }
}
