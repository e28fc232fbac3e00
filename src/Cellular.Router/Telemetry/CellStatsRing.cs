namespace Cellular.Router.Telemetry;

/// <summary>
/// One cell's <see cref="StatsSecond"/> buckets for the retention period, in a ring indexed by
/// Unix second. A bucket is allocated the first time its second has a request and replaces the
/// one that second's slot held a ring-length earlier, with a compare-and-swap: no lock, and
/// seconds without traffic cost nothing.
/// </summary>
internal sealed class CellStatsRing
{
    private readonly StatsSecond?[] _seconds;

    /// <summary>Creates the ring of <paramref name="cell"/> holding <paramref name="length"/> seconds.</summary>
    public CellStatsRing(string cell, int length)
    {
        Cell = cell;
        _seconds = new StatsSecond?[length];
    }

    /// <summary>The cell id, or <c>none</c>.</summary>
    public string Cell { get; }

    /// <summary>The bucket of <paramref name="second"/>, created if needed; null for a second older than the ring holds.</summary>
    public StatsSecond? ForWriting(long second)
    {
        ref var slot = ref _seconds[(int)(second % _seconds.Length)];
        while (true)
        {
            var bucket = Volatile.Read(ref slot);
            if (bucket is not null && bucket.Second >= second)
            {
                return bucket.Second == second ? bucket : null;
            }

            var fresh = new StatsSecond(second);
            if (Interlocked.CompareExchange(ref slot, fresh, bucket) == bucket)
            {
                return fresh;
            }
        }
    }

    /// <summary>The bucket of <paramref name="second"/> if it had any request.</summary>
    public StatsSecond? ForReading(long second)
    {
        var bucket = Volatile.Read(ref _seconds[(int)(second % _seconds.Length)]);
        return bucket is not null && bucket.Second == second ? bucket : null;
    }
}
