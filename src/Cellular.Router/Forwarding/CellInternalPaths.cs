namespace Cellular.Router.Forwarding;

/// <summary>
/// Recognizes a path that is, or decodes to, the cells' internal API (<c>/_cell</c> or
/// <c>/_cell/…</c>), directly or after a <c>/t/{tenant}</c> prefix, whatever the case, percent
/// encoding (also repeated), backslashes, repeated slashes and dot segments. The router never
/// forwards such a path. A path with neither <c>%</c> nor <c>_cell</c> is cleared without allocating.
/// </summary>
internal static class CellInternalPaths
{
    private const string Segment = "_cell";
    private const int MaxDecodeRounds = 4;

    /// <summary>True when <paramref name="path"/> reaches <c>/_cell</c> by any spelling.</summary>
    public static bool IsCellInternal(ReadOnlySpan<char> path)
    {
        // Without percent encoding only a literal "_cell" can reach it: most paths (an underscore
        // anywhere else included) are cleared here without allocating.
        var encoded = path.Contains('%');
        if (!encoded && !path.Contains(Segment, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var decoded = path.ToString();
        for (var round = 0; encoded && round < MaxDecodeRounds && decoded.Contains('%', StringComparison.Ordinal); round++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            decoded = next;
        }

        var segments = Normalize(decoded.Replace('\\', '/'));
        if (segments.Count > 0 && IsCell(segments[0]))
        {
            return true;
        }

        return segments.Count > 2 && segments[0].Equals("t", StringComparison.OrdinalIgnoreCase) && IsCell(segments[2]);
    }

    private static bool IsCell(string segment) =>
        segment.Trim().TrimEnd('.').Equals(Segment, StringComparison.OrdinalIgnoreCase);

    /// <summary>The path's segments with empty and <c>.</c> segments dropped and <c>..</c> applied.</summary>
    private static List<string> Normalize(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return segments;
    }
}
