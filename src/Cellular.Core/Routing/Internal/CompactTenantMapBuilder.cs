using System.Numerics;
using System.Text;

namespace Cellular.Core.Routing.Internal;

/// <summary>
/// Fills a <see cref="CompactTenantMap{THasher}"/> in one pass. The caller sizes it up front
/// (<see cref="EntrySize"/> per tenant), so building allocates exactly two arrays and nothing
/// per tenant.
/// </summary>
/// <typeparam name="THasher">The key hash of the map.</typeparam>
internal sealed class CompactTenantMapBuilder<THasher>
    where THasher : struct, ITenantKeyHasher
{
    /// <summary>Largest arena a map can address (slot offsets are 31 bits, arrays stop just below 2 GiB).</summary>
    public const long MaxArenaLength = 0x7FFF_FFC7;

    private readonly byte[] _arena;
    private readonly uint[] _slots;
    private readonly int _slotMask;
    private readonly uint _offsetMask;
    private readonly uint _tagMask;
    private readonly int _cellBytes;
    private readonly int _cellCount;
    private readonly int _capacity;
    private readonly THasher _hasher;
    private int _cursor = 1;
    private int _count;

    /// <summary>Prepares room for <paramref name="capacity"/> entries whose <see cref="EntrySize"/>s sum to <paramref name="entryBytes"/>.</summary>
    /// <param name="capacity">Most entries that will be added.</param>
    /// <param name="entryBytes">Sum of <see cref="EntrySize"/> over the entries that will be added.</param>
    /// <param name="cellCount">Number of cells; fixes the width of the stored cell index.</param>
    /// <param name="hasher">The key hash of the map.</param>
    public CompactTenantMapBuilder(int capacity, long entryBytes, int cellCount, THasher hasher)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(entryBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(entryBytes, MaxArenaLength - 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cellCount);

        _capacity = capacity;
        _cellCount = cellCount;
        _cellBytes = CellBytes(cellCount);
        _hasher = hasher;
        _arena = GC.AllocateUninitializedArray<byte>((int)entryBytes + 1);
        _arena[0] = 0;

        // Load factor at most 0.8: a power of two at or above 1.25 × capacity.
        _slots = new uint[(int)BitOperations.RoundUpToPowerOf2((ulong)(capacity + (capacity / 4) + 1))];
        _slotMask = _slots.Length - 1;

        // Just enough low bits for any arena offset; the rest carry hash bits.
        var offsetBits = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(_arena.Length - 1)));
        _offsetMask = offsetBits >= 32 ? uint.MaxValue : (1u << offsetBits) - 1;
        _tagMask = ~_offsetMask;
    }

    /// <summary>Bytes the stored cell index takes for a table of <paramref name="cellCount"/> cells (1 to 4).</summary>
    public static int CellBytes(int cellCount)
    {
        var maxIndex = (uint)Math.Max(cellCount - 1, 0);
        return Math.Max(1, (32 - BitOperations.LeadingZeroCount(maxIndex) + 7) / 8);
    }

    /// <summary>Arena bytes of one entry. Only the key length, the epoch and the cell width matter.</summary>
    public static int EntrySize(int keyLength, long epoch, int cellBytes) =>
        1 + keyLength + cellBytes + VarintLength(((ulong)epoch << 1) | 1);

    /// <summary>Adds an entry; false, and nothing stored, when <paramref name="key"/> is already there.</summary>
    /// <param name="key">1 to <see cref="CompactTenantMap{THasher}.MaxKeyLength"/> ASCII characters.</param>
    /// <param name="cell">The cell index, below the cell count given to the constructor.</param>
    /// <param name="pinned">True for a pin.</param>
    /// <param name="epoch">The tenant's epoch, not negative.</param>
    public bool TryAdd(ReadOnlySpan<char> key, int cell, bool pinned, long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfZero(key.Length, nameof(key));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(key.Length, CompactTenantMap<THasher>.MaxKeyLength, nameof(key));
        ArgumentOutOfRangeException.ThrowIfNegative(cell);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cell, _cellCount);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (_count == _capacity)
        {
            throw new InvalidOperationException($"The map was sized for {_capacity} entries.");
        }

        var hash = _hasher.Hash(key);
        var tag = (uint)(hash >> 32) & _tagMask;
        var i = (int)hash & _slotMask;
        while (_slots[i] != 0)
        {
            var slot = _slots[i];
            if ((slot & _tagMask) == tag)
            {
                var p = (int)(slot & _offsetMask);
                if (_arena[p] == key.Length && Ascii.Equals(_arena.AsSpan(p + 1, key.Length), key))
                {
                    return false;
                }
            }

            i = (i + 1) & _slotMask;
        }

        var start = _cursor;
        var size = EntrySize(key.Length, epoch, _cellBytes);
        var entry = _arena.AsSpan(start, size);
        entry[0] = (byte)key.Length;
        if (Ascii.FromUtf16(key, entry.Slice(1, key.Length), out _) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException("A tenant key must be ASCII.", nameof(key));
        }

        WriteValue(entry[(1 + key.Length)..], _cellBytes, cell, pinned, epoch);

        _slots[i] = tag | (uint)start;
        _cursor = start + size;
        _count++;
        return true;
    }

    /// <summary>The finished map; every byte promised to the constructor must have been added.</summary>
    public CompactTenantMap<THasher> Build()
    {
        if (_cursor != _arena.Length)
        {
            throw new InvalidOperationException($"The map was sized for {_arena.Length - 1} entry bytes but holds {_cursor - 1}.");
        }

        return new CompactTenantMap<THasher>(_arena, _slots, _offsetMask, _cellBytes, _count, _hasher);
    }

    /// <summary>Writes the part of an entry after its key (cell index, then epoch and pin flag) in the arena layout of <see cref="CompactTenantMap{THasher}"/>.</summary>
    internal static void WriteValue(Span<byte> value, int cellBytes, int cell, bool pinned, long epoch)
    {
        var p = 0;
        for (var b = 0; b < cellBytes; b++)
        {
            value[p++] = (byte)(cell >> (8 * b));
        }

        var packed = ((ulong)epoch << 1) | (pinned ? 1UL : 0UL);
        while (packed >= 0x80)
        {
            value[p++] = (byte)(packed | 0x80);
            packed >>= 7;
        }

        value[p] = (byte)packed;
    }

    private static int VarintLength(ulong value) => (64 - BitOperations.LeadingZeroCount(value) + 6) / 7;
}
