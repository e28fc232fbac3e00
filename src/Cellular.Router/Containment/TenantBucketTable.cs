using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Cellular.Router.Containment;

/// <summary>
/// Every tenant's token bucket in one array allocated at start-up, so rate limiting allocates
/// nothing per request even when each request names a tenant not seen before (the dictionary of
/// bucket objects it replaces created a string, a bucket and an entry per new tenant and left
/// them for the GC: p99 135 ms against 39 ms without the limit under random tenants).
/// </summary>
/// <remarks>
/// <para>
/// A bucket is GCRA state (the generic cell rate algorithm): the timestamp at which it is full
/// again. Each permit moves it one interval (1 ÷ rate) later, and a request is refused while that
/// would put it more than the burst ahead of now, so tokens refill continuously and
/// <c>Retry-After</c> is exactly when the next one is due. A bucket that is full is
/// the same as no bucket, so its slot is free to take: slots are reclaimed the moment they
/// refill, without a sweeper. A slot is keyed by a 64-bit hash of the tenant id (random seed per
/// table) instead of the id, so nothing is copied; two tenants sharing a hash would share a bucket
/// (about 1 in 10^7 for a million tenants active at once).
/// </para>
/// <para>
/// A tenant may sit in one of <see cref="Window"/> slots from its hash. When all of them hold
/// buckets that are still refilling, the one closest to full is reset for the newcomer
/// (<see cref="Evictions"/>): its tenant gets back the few tokens it was owed, and a tenant that
/// is being limited is the last to be picked. Lock-free: concurrent requests may race for a slot,
/// and the loser at most spends or gains one token.
/// </para>
/// </remarks>
internal sealed class TenantBucketTable
{
    /// <summary>Slots a tenant may occupy, starting at its hash.</summary>
    public const int Window = 8;

    // Key values: 0 = never used, Claiming = being set up; real keys are odd.
    private const ulong Claiming = 2;

    private readonly Slot[] _slots;
    private readonly int _mask;
    private readonly long _seed;
    private long _evictions;

    /// <summary>Allocates <paramref name="capacity"/> slots (rounded up to a power of two, at least <see cref="Window"/>).</summary>
    public TenantBucketTable(int capacity, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var size = (int)Math.Max(Window, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity));
        _slots = new Slot[size];
        _mask = size - 1;
        _seed = seed;
    }

    /// <summary>Number of slots.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Buckets reset early because every slot a newcomer could take was still refilling.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>Tenants whose bucket is not full at <paramref name="now"/> (walks every slot: for tests and diagnostics).</summary>
    public int CountRefilling(long now)
    {
        var count = 0;
        foreach (ref var slot in _slots.AsSpan())
        {
            if ((Volatile.Read(ref slot.Key) & 1) != 0 && Volatile.Read(ref slot.Full) > now)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Spends one token of <paramref name="tenant"/>'s bucket, or says how long until one is due.</summary>
    /// <param name="tenant">The tenant id.</param>
    /// <param name="weight">The tenant's current weight; a bucket kept for another weight starts again full.</param>
    /// <param name="rate">The bucket's interval and tolerance for that weight.</param>
    /// <param name="now">The request's timestamp.</param>
    /// <param name="wait">Timestamp ticks until the next token is due, when refused.</param>
    public bool TryAcquire(ReadOnlySpan<char> tenant, int weight, in BucketRate rate, long now, out long wait)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(tenant), _seed);
        var key = hash | 1;
        ref var slot = ref Find(key, (int)(hash >> 32), weight, now);
        while (true)
        {
            var full = Volatile.Read(ref slot.Full);
            var from = Math.Max(full, now);
            var ahead = from - now;
            if (ahead > rate.Tolerance)
            {
                wait = ahead - rate.Tolerance;
                return false;
            }

            if (Interlocked.CompareExchange(ref slot.Full, from + rate.Interval, full) == full)
            {
                wait = 0;
                return true;
            }
        }
    }

    private ref Slot Find(ulong key, int start, int weight, long now)
    {
        while (true)
        {
            // The tenant's own slot, if it has one.
            for (var i = 0; i < Window; i++)
            {
                ref var slot = ref _slots[(start + i) & _mask];
                if (Volatile.Read(ref slot.Key) == key)
                {
                    if (slot.Weight != weight)
                    {
                        slot.Weight = weight;
                        Volatile.Write(ref slot.Full, now);
                    }

                    return ref slot;
                }
            }

            // Otherwise the first free or full slot, else the one closest to full.
            var pick = -1;
            var pickFull = long.MaxValue;
            for (var i = 0; i < Window; i++)
            {
                var index = (start + i) & _mask;
                ref var slot = ref _slots[index];
                if (Volatile.Read(ref slot.Key) == Claiming)
                {
                    continue;
                }

                var full = Volatile.Read(ref slot.Full);
                if (full <= now)
                {
                    pick = index;
                    pickFull = full;
                    break;
                }

                if (full < pickFull)
                {
                    pick = index;
                    pickFull = full;
                }
            }

            if (pick >= 0)
            {
                ref var slot = ref _slots[pick];
                var old = Volatile.Read(ref slot.Key);
                if (old != Claiming && Interlocked.CompareExchange(ref slot.Key, Claiming, old) == old)
                {
                    if (pickFull > now && (old & 1) != 0)
                    {
                        Interlocked.Increment(ref _evictions);
                    }

                    slot.Weight = weight;
                    Volatile.Write(ref slot.Full, now);
                    Volatile.Write(ref slot.Key, key);
                    return ref slot;
                }
            }

            // Every slot was being claimed, or another request took ours: look again.
            Thread.SpinWait(1);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Slot
    {
        public ulong Key;
        public long Full;
        public int Weight;
    }
}
