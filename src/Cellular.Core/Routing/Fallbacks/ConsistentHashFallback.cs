using System.Numerics;
using Cellular.Core.Model;

namespace Cellular.Core.Routing.Fallbacks;

/// <summary>
/// Consistent hashing with virtual nodes over the Active cells: adding or removing one cell
/// moves only about 1/N of the keys.
/// </summary>
public sealed class ConsistentHashFallback : FallbackStrategy
{
    /// <summary>Virtual nodes per cell when the snapshot does not say.</summary>
    public const int DefaultVirtualNodes = 1024;

    private readonly ulong[] _points;
    private readonly int[] _cells;

    // _index[b] is the first point whose top _indexBits bits are >= b, so a lookup searches only
    // the few points of its own slice (one or two cache lines) instead of the whole ring.
    private readonly int[] _index;
    private readonly int _indexShift;

    /// <summary>Builds the ring over every Active cell of <paramref name="cells"/>.</summary>
    public ConsistentHashFallback(IReadOnlyList<RouteCell> cells, int virtualNodes)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodes, 1);
        VirtualNodes = virtualNodes;

        var ring = new List<(ulong Point, int Cell)>();
        Span<char> buffer = stackalloc char[Ids.MaxLength + 12];
        foreach (var cell in cells)
        {
            if (cell.State != CellState.Active)
            {
                continue;
            }

            for (var v = 0; v < virtualNodes; v++)
            {
                // "{cell}#{v}" names the virtual node; its hash is its place on the ring.
                cell.Id.AsSpan().CopyTo(buffer);
                buffer[cell.Id.Length] = '#';
                v.TryFormat(buffer[(cell.Id.Length + 1)..], out var written);
                ring.Add((StableHash.Hash(buffer[..(cell.Id.Length + 1 + written)]), cell.Index));
            }
        }

        ring.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : a.Cell.CompareTo(b.Cell));
        _points = new ulong[ring.Count];
        _cells = new int[ring.Count];
        for (var i = 0; i < ring.Count; i++)
        {
            (_points[i], _cells[i]) = ring[i];
        }

        // Two to four points per slice on average, so a slice is about one cache line of points
        // and the index a quarter of the ring's size or less (2^8 to 2^20 slices).
        var indexBits = Math.Clamp(BitOperations.Log2((uint)Math.Max(_points.Length, 1)) - 1, 8, 20);
        _indexShift = 64 - indexBits;
        _index = new int[(1 << indexBits) + 1];
        var p = 0;
        for (var b = 0; b < _index.Length; b++)
        {
            while (p < _points.Length && (int)(_points[p] >> _indexShift) < b)
            {
                p++;
            }

            _index[b] = p;
        }
    }

    /// <summary>Virtual nodes per Active cell.</summary>
    public int VirtualNodes { get; }

    /// <inheritdoc />
    public override RouteRule Rule => RouteRule.ConsistentHash;

    /// <inheritdoc />
    public override FallbackKind Kind => FallbackKind.ConsistentHash;

    /// <inheritdoc />
    public override int Resolve(ReadOnlySpan<char> key)
    {
        if (_points.Length == 0)
        {
            return -1;
        }

        // First point at or after the key's hash, wrapping to the start of the ring: a binary
        // search within the hash's slice, whose end is the first point of the next slices.
        // Written out rather than Array.BinarySearch, whose first call allocates its comparer.
        var hash = StableHash.Hash(key);
        var points = _points;
        var slice = (int)(hash >> _indexShift);
        int lo = _index[slice], hi = _index[slice + 1];
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (points[mid] < hash)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return _cells[lo == points.Length ? 0 : lo];
    }

    /// <inheritdoc />
    public override FallbackSpec ToSpec(IReadOnlyList<RouteCell> cells) =>
        new(FallbackKind.ConsistentHash, VirtualNodes: VirtualNodes);
}
