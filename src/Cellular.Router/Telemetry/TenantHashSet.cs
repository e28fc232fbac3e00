using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Cellular.Router.Telemetry;

/// <summary>
/// The distinct tenants of one cell in one second, as 64-bit hashes of their keys in an
/// open-addressing table (linear probing, at most half full), capped at <see cref="Capacity"/> so a
/// flood of random keys cannot grow the router's memory. Adding is a few reads and one
/// compare-and-swap: no lock, no allocation, and no per-tenant object for the GC to trace or copy
/// (the string set this replaced allocated a string and a dictionary node per tenant and second,
/// kept for the whole retention, which is what drove the router's GC pauses). The table starts
/// small and doubles under a lock while it fills; <see cref="Clear"/> keeps it, so the ring that
/// reuses the set for a later second allocates nothing once it has seen its usual traffic.
/// With 64-bit hashes the chance that any two of a million tenants share a hash is about 3 × 10⁻⁸:
/// the counts are exact for every practical purpose.
/// </summary>
internal sealed class TenantHashSet
{
    /// <summary>The most tenants one set holds; further tenants of the same second are not counted.</summary>
    public const int Capacity = 4096;

    private const int InitialSlots = 64;
    private const int MaxSlots = 2 * Capacity;
    private const ulong Empty = 0;

    // Written over the empty slots of a table being replaced, so no add can land there unseen.
    private const ulong Sealed = ulong.MaxValue;

    private readonly Lock _growLock = new();
    private ulong[] _slots = new ulong[InitialSlots];
    private int _count;

    /// <summary>How many tenants the set holds.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The hash of a tenant key (XxHash3 of its UTF-16 code units); never 0 or <see cref="ulong.MaxValue"/>, which mark free and sealed slots.</summary>
    public static ulong Hash(ReadOnlySpan<char> tenant)
    {
        var hash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(tenant));
        return hash switch
        {
            Empty => 1,
            Sealed => Sealed - 1,
            _ => hash,
        };
    }

    /// <summary>Adds <paramref name="hash"/> (from <see cref="Hash"/>); true only for the call that added it, false when it was there already or the set is full.</summary>
    public bool Add(ulong hash)
    {
        while (true)
        {
            var slots = Volatile.Read(ref _slots);
            var mask = slots.Length - 1;
            var i = (int)hash & mask;
            var sealedSeen = false;
            for (var probes = 0; probes < slots.Length; probes++)
            {
                var current = Volatile.Read(ref slots[i]);
                if (current == Empty)
                {
                    if (Volatile.Read(ref _count) >= Capacity)
                    {
                        return false;
                    }

                    current = Interlocked.CompareExchange(ref slots[i], hash, Empty);
                    if (current == Empty)
                    {
                        if (Interlocked.Increment(ref _count) * 2 > slots.Length && slots.Length < MaxSlots)
                        {
                            Grow(slots);
                        }

                        return true;
                    }
                }

                if (current == hash)
                {
                    return false;
                }

                if (current == Sealed)
                {
                    sealedSeen = true;
                    break;
                }

                i = (i + 1) & mask;
            }

            if (!sealedSeen)
            {
                return false; // every slot taken: cannot happen below half full, but never loop forever
            }

            // A bigger table is being filled: wait for it (the grower holds the lock until it is published).
            lock (_growLock)
            {
            }
        }
    }

    /// <summary>Copies every hash into <paramref name="into"/>.</summary>
    public void CopyTo(HashSet<ulong> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var value in Volatile.Read(ref _slots))
        {
            if (value is not Empty and not Sealed)
            {
                into.Add(value);
            }
        }
    }

    /// <summary>
    /// Empties the set for reuse. Keeps the table unless it is far bigger than the last use needed
    /// (traffic fell), so steady traffic allocates nothing. Callers make sure nothing adds meanwhile.
    /// </summary>
    public void Clear()
    {
        var count = Volatile.Read(ref _count);
        var slots = _slots;
        if (slots.Length > InitialSlots && count * 16 < slots.Length)
        {
            Volatile.Write(ref _slots, new ulong[Math.Max(InitialSlots, (int)BitOperations.RoundUpToPowerOf2((uint)(count * 4)))]);
        }
        else
        {
            Array.Clear(slots);
        }

        Volatile.Write(ref _count, 0);
    }

    private static void Insert(ulong[] slots, ulong hash)
    {
        var mask = slots.Length - 1;
        var i = (int)hash & mask;
        while (slots[i] != Empty)
        {
            i = (i + 1) & mask;
        }

        slots[i] = hash;
    }

    /// <summary>Moves every hash of <paramref name="full"/> into a table twice its size, sealing its free slots first.</summary>
    private void Grow(ulong[] full)
    {
        lock (_growLock)
        {
            if (!ReferenceEquals(full, _slots))
            {
                return;
            }

            var bigger = new ulong[full.Length * 2];
            for (var i = 0; i < full.Length; i++)
            {
                var value = Volatile.Read(ref full[i]);
                if (value == Empty)
                {
                    value = Interlocked.CompareExchange(ref full[i], Sealed, Empty);
                }

                if (value is not Empty and not Sealed)
                {
                    Insert(bigger, value);
                }
            }

            Volatile.Write(ref _slots, bigger);
        }
    }
}
