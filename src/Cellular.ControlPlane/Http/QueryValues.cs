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

    /// <summary>A tenant id (or a cursor that is one), checked as ids are, so no store ever sees a malformed one.</summary>
    public static string? TenantId(HttpRequest request, string name) =>
        Single(request, name) switch
        {
            null or "" => null,
            var text when Ids.DescribeInvalidTenantId(text) is { } problem => throw ControlPlaneException.BadRequest($"The query parameter '{name}' must be a tenant id: {problem}"),
            var text => text,
        };

    /// <summary>
    /// The parameter's one value. Control characters (NUL above all) are refused here: no
    /// parameter means one, and PostgreSQL rejects a NUL in text where SQLite takes it, so the two
    /// stores would answer differently (a 500 against a 200).
    /// </summary>
    public static string? Single(HttpRequest request, string name)
    {
        var values = request.Query[name];
        var value = values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw ControlPlaneException.BadRequest($"The query parameter '{name}' is given {values.Count} times; give it once."),
        };
        if (value is not null && value.AsSpan().ContainsAnyInRange('\u0000', '\u001f'))
        {
            throw ControlPlaneException.BadRequest($"The query parameter '{name}' holds a control character; no parameter takes one.");
        }

        return value;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
