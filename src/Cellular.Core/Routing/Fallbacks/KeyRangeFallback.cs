namespace Cellular.Core.Routing.Fallbacks;

/// <summary>
/// Sorted, contiguous key ranges (ordinal order), each owned by one cell; the first range
/// starts at the empty key so every key has an owner.
/// </summary>
public sealed class KeyRangeFallback : FallbackStrategy
{
    private readonly string[] _starts;
    private readonly int[] _cells;

    /// <summary>Creates the strategy; <paramref name="starts"/> must be strictly increasing and begin with "".</summary>
    public KeyRangeFallback(string[] starts, int[] cells)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(cells);
        if (starts.Length == 0 || starts.Length != cells.Length || starts[0].Length != 0)
        {
            throw new ArgumentException("Key ranges must be non-empty, one cell per range, and the first must start at \"\".");
        }

        for (var i = 1; i < starts.Length; i++)
        {
            if (string.CompareOrdinal(starts[i - 1], starts[i]) >= 0)
            {
                throw new ArgumentException($"Key range starts must be strictly increasing; '{starts[i]}' does not follow '{starts[i - 1]}'.");
            }
        }

        _starts = starts;
        _cells = cells;
    }

    /// <inheritdoc />
    public override RouteRule Rule => RouteRule.KeyRange;

    /// <inheritdoc />
    public override FallbackKind Kind => FallbackKind.KeyRanges;

    /// <inheritdoc />
    public override int Resolve(ReadOnlySpan<char> key)
    {
        // Last range whose start is <= key.
        int lo = 0, hi = _starts.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (key.SequenceCompareTo(_starts[mid]) >= 0)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return _cells[lo];
    }

    /// <inheritdoc />
    public override FallbackSpec ToSpec(IReadOnlyList<RouteCell> cells)
    {
        var ranges = new KeyRangeSpec[_starts.Length];
        for (var i = 0; i < ranges.Length; i++)
        {
            ranges[i] = new KeyRangeSpec(_starts[i], cells[_cells[i]].Id);
        }

        return new FallbackSpec(FallbackKind.KeyRanges, Ranges: ranges);
    }
}
