using System.Globalization;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Http;

/// <summary>Reads query-string values, answering a wrong one with a 400 that names it and its range.</summary>
internal static class QueryValues
{
    public static long? Long(HttpRequest request, string name, long min, long max)
    {
        var text = Single(request, name);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ControlPlaneException.BadRequest($"The query parameter '{name}' must be a whole number from {min} to {max}, not '{Shorten(text)}'.");
        }

        return value;
    }

    public static int? Int(HttpRequest request, string name, int min, int max) => (int?)Long(request, name, min, max);

    /// <summary>A cell id filter such as <c>?cell=c1</c>; null when absent or empty.</summary>
    public static string? CellId(HttpRequest request, string name) =>
        Single(request, name) switch
        {
            null or "" => null,
            var text when Ids.DescribeInvalidCellId(text) is { } problem => throw ControlPlaneException.BadRequest($"The query parameter '{name}' must be a cell id: {problem}"),
            var text => text,
        };

    public static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw ControlPlaneException.BadRequest($"The query parameter '{name}' is given {values.Count} times; give it once."),
        };
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
