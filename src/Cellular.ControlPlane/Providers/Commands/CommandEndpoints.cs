namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>Reads endpoints out of what commands print and compares them.</summary>
internal static class CommandEndpoints
{
    /// <summary>
    /// The last line of <paramref name="output"/> that is, trimmed, an absolute <c>http</c> or
    /// <c>https</c> URL, without a trailing slash; null when there is none. Other lines (progress,
    /// logs) are ignored.
    /// </summary>
    public static string? LastUrl(IEnumerable<string> output)
    {
        string? last = null;
        foreach (var line in output)
        {
            if (Parse(line.Trim()) is { } url)
            {
                last = url;
            }
        }

        return last;
    }

    /// <summary>True when both are absolute URLs with the same scheme, host, port and path (case of scheme and host, and a trailing slash, aside).</summary>
    public static bool Same(string? a, string? b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && string.Equals(x.Scheme, y.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase)
        && x.Port == y.Port
        && string.Equals(x.AbsolutePath.TrimEnd('/'), y.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);

    private static string? Parse(string text) =>
        text.Length > 0 && !text.Any(char.IsWhiteSpace)
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : null;
}
