using System.Numerics;
using System.Text;

namespace Cellular.Core.Routing.Internal;

/// <summary>
/// Fills a <see cref="CompactTenantMap{THasher}"/> whose size is not known up front: what a
/// reader streaming a snapshot needs, since it sees each tenant once and cannot count them
/// first. Entries go, already encoded, into a list of chunks (the arena layout of
/// <see cref="CompactTenantMap{THasher}"/>); <see cref="Build"/> then copies them into one
/// exactly-sized arena and places every key in a slot table sized for the final count. So a
/// build costs the map itself plus one transient copy of its arena, never a resize of the slot
/// table, and nothing per tenant.
/// </summary>
/// <remarks>
/// Duplicates are found by <see cref="Build"/>, in insertion order, which is the order
/// <see cref="CompactTenantMapBuilder{THasher}.TryAdd"/> would have found them in.
/// </remarks>
/// <typeparam name="THasher">The key hash of the map.</typeparam>
internal sealed class CompactTenantMapAppender<THasher>
    where THasher : struct, ITenantKeyHasher
{
    private const int FirstChunkLength = 4 << 10;
    private const int MaxChunkLength = 1 << 20;
    private const int HashBatch = 16;

    // Largest entry: length byte, 255 key bytes, 4 cell bytes, 10 varint bytes.
    private const int MaxEntryLength = 1 + CompactTenantMap<THasher>.MaxKeyLength + 4 + 10;

    private readonly List<byte[]> _chunks = [];
    private readonly int _cellBytes;
    private readonly int _cellCount;
    private readonly THasher _hasher;
    private byte[] _chunk;
    private int _chunkUsed;
    private long _length = 1;

    /// <summary>Starts an empty map for a table of <paramref name="cellCount"/> cells.</summary>
    public CompactTenantMapAppender(int cellCount, THasher hasher)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cellCount);
        _cellCount = cellCount;
        _cellBytes = CompactTenantMapBuilder<THasher>.CellBytes(cellCount);
        _hasher = hasher;
        _chunk = GC.AllocateUninitializedArray<byte>(FirstChunkLength);
        _chunk[0] = 0; // Offset 0 is the arena's pad byte.
        _chunkUsed = 1;
        _chunks.Add(_chunk);
    }

    /// <summary>Number of entries appended.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Appends an entry without looking for an earlier one with the same key; false, and nothing
    /// stored, when the arena would outgrow what a map can address.
    /// </summary>
    /// <param name="asciiKey">1 to <see cref="CompactTenantMap{THasher}.MaxKeyLength"/> ASCII bytes (the caller validated them).</param>
    /// <param name="cell">The cell index, below the cell count given to the constructor.</param>
    /// <param name="pinned">True for a pin.</param>
    /// <param name="epoch">The tenant's epoch, not negative.</param>
    public bool TryAppend(ReadOnlySpan<byte> asciiKey, int cell, bool pinned, long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfZero(asciiKey.Length, nameof(asciiKey));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(asciiKey.Length, CompactTenantMap<THasher>.MaxKeyLength, nameof(asciiKey));
        ArgumentOutOfRangeException.ThrowIfNegative(cell);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cell, _cellCount);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);

        var size = CompactTenantMapBuilder<THasher>.EntrySize(asciiKey.Length, epoch, _cellBytes);
        if (_length + size > CompactTenantMapBuilder<THasher>.MaxArenaLength)
        {
            return false;
        }

        if (_chunk.Length - _chunkUsed >= size)
        {
            Encode(_chunk.AsSpan(_chunkUsed, size), asciiKey, cell, pinned, epoch);
            _chunkUsed += size;
        }
        else
        {
            // The entry straddles two chunks: encode it aside, then split it.
            Span<byte> entry = stackalloc byte[MaxEntryLength];
            Encode(entry, asciiKey, cell, pinned, epoch);
            Write(entry[..size]);
        }

        _length += size;
        Count++;
        return true;
    }

    /// <summary>
    /// The finished map, or null when two entries share a key: then <paramref name="duplicate"/>
    /// is the position (in append order) of the first entry whose key an earlier entry has, and
    /// <paramref name="duplicateKey"/> that key. The appender must not be used afterwards.
    /// </summary>
    public CompactTenantMap<THasher>? Build(out int duplicate, out string? duplicateKey)
    {
        var arena = GC.AllocateUninitializedArray<byte>((int)_length);
        var at = 0;
        foreach (var chunk in _chunks)
        {
            var used = ReferenceEquals(chunk, _chunk) ? _chunkUsed : chunk.Length;
            chunk.AsSpan(0, used).CopyTo(arena.AsSpan(at));
            at += used;
        }

        _chunks.Clear();

        // Load factor at most 0.8, as CompactTenantMapBuilder sizes it.
        var count = Count;
        var slots = new uint[(int)BitOperations.RoundUpToPowerOf2((ulong)(count + (count / 4) + 1))];
        var slotMask = slots.Length - 1;
        var offsetBits = Math.Max(1, 32 - BitOperations.LeadingZeroCount((uint)(arena.Length - 1)));
        var offsetMask = offsetBits >= 32 ? uint.MaxValue : (1u << offsetBits) - 1;
        var tagMask = ~offsetMask;

        // Keys are hashed a batch at a time, and each one's home slot is loaded as soon as its
        // hash is known: the slot table is far larger than the caches, so placing a million keys
        // is a million cache misses, and issuing them together lets the CPU overlap them.
        Span<char> chars = stackalloc char[CompactTenantMap<THasher>.MaxKeyLength];
        Span<ulong> hashes = stackalloc ulong[HashBatch];
        Span<int> starts = stackalloc int[HashBatch];
        var p = 1;
        for (var ordinal = 0; ordinal < count; ordinal += HashBatch)
        {
            var batch = Math.Min(HashBatch, count - ordinal);
            for (var k = 0; k < batch; k++)
            {
                var keyLength = arena[p];

                // The map hashes keys as UTF-16, as a lookup sees them.
                Ascii.ToUtf16(arena.AsSpan(p + 1, keyLength), chars, out _);
                var hash = _hasher.Hash(chars[..keyLength]);
                hashes[k] = hash;
                starts[k] = p;
                _ = Volatile.Read(ref slots[(int)hash & slotMask]);

                // Past the key, the cell index and the varint's continuation bytes.
                p += 1 + keyLength + _cellBytes;
                while (arena[p] >= 0x80)
                {
                    p++;
                }

                p++;
            }

            for (var k = 0; k < batch; k++)
            {
                var start = starts[k];
                var keyLength = arena[start];
                var key = arena.AsSpan(start + 1, keyLength);
                var hash = hashes[k];
                var tag = (uint)(hash >> 32) & tagMask;
                var i = (int)hash & slotMask;
                while (slots[i] != 0)
                {
                    var slot = slots[i];
                    if ((slot & tagMask) == tag)
                    {
                        var q = (int)(slot & offsetMask);
                        if (arena[q] == keyLength && arena.AsSpan(q + 1, keyLength).SequenceEqual(key))
                        {
                            duplicate = ordinal + k;
                            duplicateKey = Encoding.ASCII.GetString(key);
                            return null;
                        }
                    }

                    i = (i + 1) & slotMask;
                }

                slots[i] = tag | (uint)start;
            }
        }

        duplicate = -1;
        duplicateKey = null;
        return new CompactTenantMap<THasher>(arena, slots, offsetMask, _cellBytes, count, _hasher);
    }

    /// <summary>Writes one entry in the arena layout of <see cref="CompactTenantMap{THasher}"/>.</summary>
    private void Encode(Span<byte> entry, ReadOnlySpan<byte> asciiKey, int cell, bool pinned, long epoch)
    {
        entry[0] = (byte)asciiKey.Length;
        asciiKey.CopyTo(entry[1..]);
        CompactTenantMapBuilder<THasher>.WriteValue(entry[(1 + asciiKey.Length)..], _cellBytes, cell, pinned, epoch);
    }

    private void Write(ReadOnlySpan<byte> entry)
    {
        while (!entry.IsEmpty)
        {
            if (_chunkUsed == _chunk.Length)
            {
                // Chunks double up to 1 MiB: small tables stay small, large ones do not churn.
                _chunk = GC.AllocateUninitializedArray<byte>(Math.Min(MaxChunkLength, _chunk.Length * 2));
                _chunkUsed = 0;
                _chunks.Add(_chunk);
            }

            var n = Math.Min(entry.Length, _chunk.Length - _chunkUsed);
            entry[..n].CopyTo(_chunk.AsSpan(_chunkUsed));
            _chunkUsed += n;
            entry = entry[n..];
        }
    }
}
