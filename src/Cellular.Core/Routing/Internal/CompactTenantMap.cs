using System.Text;

namespace Cellular.Core.Routing.Internal;

/// <summary>
/// An immutable tenant → (cell, pinned, epoch) map sized for tens of millions of tenants: about
/// 3 bytes plus the key's length per tenant in one contiguous arena, and one 4-byte slot per
/// 0.8 tenant or less in an open-addressing table. Lookups do not allocate.
/// </summary>
/// <remarks>
/// <para>
/// Arena entry at offset <c>p</c> (offset 0 is a pad byte, so no entry starts there):
/// <c>[key length: 1 byte][key: ASCII bytes][cell index: CellBytes bytes, little-endian]
/// [epoch &lt;&lt; 1 | pinned: unsigned LEB128]</c>. Entries follow each other in insertion
/// order, which is also the enumeration order. Epochs below 64 take one byte.
/// </para>
/// <para>
/// Slots are a power-of-two array with linear probing. An occupied slot holds the entry's
/// arena offset in its low <c>offsetBits</c> bits (just enough for the arena) and the top
/// bits of the key's hash in the remaining bits, so most probes that cannot match are
/// rejected without reading the arena. 0 marks an empty slot.
/// </para>
/// </remarks>
/// <typeparam name="THasher">The key hash; a struct so it inlines.</typeparam>
internal sealed partial class CompactTenantMap<THasher>
    where THasher : struct, ITenantKeyHasher
{
    /// <summary>Longest key the one-byte length prefix can describe.</summary>
    public const int MaxKeyLength = byte.MaxValue;

    private readonly byte[] _arena;
    private readonly uint[] _slots;
    private readonly int _slotMask;
    private readonly uint _offsetMask;
    private readonly uint _tagMask;
    private readonly int _cellBytes;
    private readonly THasher _hasher;

    /// <summary>Takes ownership of arrays filled by <see cref="CompactTenantMapBuilder{THasher}"/>.</summary>
    internal CompactTenantMap(byte[] arena, uint[] slots, uint offsetMask, int cellBytes, int count, THasher hasher)
    {
        _arena = arena;
        _slots = slots;
        _slotMask = slots.Length - 1;
        _offsetMask = offsetMask;
        _tagMask = ~offsetMask;
        _cellBytes = cellBytes;
        _hasher = hasher;
        Count = count;
    }

    /// <summary>Number of tenants.</summary>
    public int Count { get; }

    /// <summary>Bytes held by the arena and the slot table (the map's retained size, minus object headers).</summary>
    public long SizeInBytes => _arena.LongLength + (_slots.LongLength * sizeof(uint));

    /// <summary>Number of slots of the open-addressing table.</summary>
    public int SlotCount => _slots.Length;

    /// <summary>Finds <paramref name="key"/>; compares its characters with the stored ASCII bytes, so it never allocates.</summary>
    public bool TryGetValue(ReadOnlySpan<char> key, out TenantEntry entry)
    {
        if ((uint)(key.Length - 1) >= MaxKeyLength)
        {
            entry = default;
            return false;
        }

        var hash = _hasher.Hash(key);
        var tag = (uint)(hash >> 32) & _tagMask;
        var slots = _slots;
        var arena = _arena;
        var i = (int)hash & _slotMask;
        while (true)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                entry = default;
                return false;
            }

            if ((slot & _tagMask) == tag)
            {
                var p = (int)(slot & _offsetMask);
                if (arena[p] == key.Length && Ascii.Equals(arena.AsSpan(p + 1, key.Length), key))
                {
                    ReadValue(p + 1 + key.Length, out entry);
                    return true;
                }
            }

            i = (i + 1) & _slotMask;
        }
    }

    /// <summary>Enumerates every entry in insertion order; allocates one string per key.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Decodes cell, pinned flag and epoch starting at <paramref name="p"/>; returns the offset after them.</summary>
    private int ReadValue(int p, out TenantEntry entry)
    {
        var arena = _arena;
        int cell = arena[p];
        for (var b = 1; b < _cellBytes; b++)
        {
            cell |= arena[p + b] << (8 * b);
        }

        p += _cellBytes;
        ulong packed = arena[p++];
        if (packed >= 0x80)
        {
            packed &= 0x7F;
            var shift = 7;
            byte next;
            do
            {
                next = arena[p++];
                packed |= (ulong)(next & 0x7F) << shift;
                shift += 7;
            }
            while (next >= 0x80);
        }

        entry = new TenantEntry(cell, (packed & 1) != 0, (long)(packed >> 1));
        return p;
    }
}
