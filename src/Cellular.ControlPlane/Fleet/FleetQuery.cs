using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Http;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// Sort, filter and page of <c>GET /api/v1/fleet</c> (and its stream). Filters take one value or
/// several separated by commas; every filter given must match.
/// </summary>
/// <param name="Sort">One of <see cref="SortKeys"/>.</param>
/// <param name="Descending">Sort descending.</param>
/// <param name="Text">Substring (case-insensitive) of the id, region, zone, version or a label key or value.</param>
/// <param name="States">Only cells in these states.</param>
/// <param name="Stages">Only cells of these stages.</param>
/// <param name="Health">Only cells with this health (unknown, healthy, failing).</param>
/// <param name="Alarms">Only cells with one of these alarms; <c>any</c> = any alarm, <c>none</c> = no alarm.</param>
/// <param name="Offset">Rows skipped.</param>
/// <param name="Limit">Most rows returned.</param>
internal sealed record FleetQuery(
    string Sort = "id",
    bool Descending = false,
    string? Text = null,
    IReadOnlySet<CellState>? States = null,
    IReadOnlySet<CellStage>? Stages = null,
    IReadOnlySet<string>? Health = null,
    IReadOnlySet<string>? Alarms = null,
    int Offset = 0,
    int Limit = FleetQuery.DefaultLimit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
    private const int MaxTextLength = 128;

    /// <summary>The keys <c>sort</c> accepts.</summary>
    public static IReadOnlyList<string> SortKeys { get; } = ["id", "state", "health", "stage", "version", "tenants", "load", "utilisation", "rps", "successRate", "p50", "p99", "alarms"];

    private static readonly string[] StageNames = ["dev", "staging", "prod"];

    /// <summary>The health values.</summary>
    public static IReadOnlyList<string> HealthValues { get; } = ["unknown", "healthy", "failing"];

    /// <summary>What <c>alarm</c> accepts: every alarm kind, <c>any</c> and <c>none</c>.</summary>
    public static IReadOnlyList<string> AlarmValues { get; } = [.. FleetAlarms.Kinds, "any", "none"];

    /// <summary>Reads the query string; a wrong value is a 400 that names the parameter and what it accepts.</summary>
    public static FleetQuery Parse(HttpRequest request)
    {
        var sort = QueryValues.Single(request, "sort") is { Length: > 0 } s
            ? SortKeys.FirstOrDefault(k => string.Equals(k, s, StringComparison.OrdinalIgnoreCase)) ?? throw Refused("sort", s, SortKeys)
            : "id";
        var descending = QueryValues.Single(request, "desc") switch
        {
            null or "" => false,
            var flag when bool.TryParse(flag, out var value) => value,
            var flag => throw ControlPlaneException.BadRequest($"The query parameter 'desc' must be true or false, not '{Shorten(flag)}'."),
        };
        var text = QueryValues.Single(request, "q") switch
        {
            null or "" => null,
            { Length: > MaxTextLength } => throw ControlPlaneException.BadRequest($"The query parameter 'q' must be at most {MaxTextLength} characters."),
            var value => value,
        };
        var states = List(request, "state", Enum.GetNames<CellState>())?.Select(Enum.Parse<CellState>).ToHashSet();
        var stages = List(request, "stage", StageNames)?.Select(v => CellStages.TryParse(v, out var stage) ? stage : CellStage.Dev).ToHashSet();
        var health = List(request, "health", HealthValues)?.ToHashSet(StringComparer.Ordinal);
        var alarms = List(request, "alarm", AlarmValues)?.ToHashSet(StringComparer.Ordinal);
        return new FleetQuery(
            sort,
            descending,
            text,
            states,
            stages,
            health,
            alarms,
            QueryValues.Int(request, "offset", 0, int.MaxValue) ?? 0,
            QueryValues.Int(request, "limit", 1, MaxLimit) ?? DefaultLimit);
    }

    /// <summary>The comma-separated values of <paramref name="name"/>, each spelled as in <paramref name="accepted"/> (any case); null when absent.</summary>
    private static List<string>? List(HttpRequest request, string name, IReadOnlyList<string> accepted)
    {
        if (QueryValues.Single(request, name) is not { Length: > 0 } text)
        {
            return null;
        }

        var values = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            values.Add(accepted.FirstOrDefault(a => string.Equals(a, part, StringComparison.OrdinalIgnoreCase)) ?? throw Refused(name, part, accepted));
        }

        return values.Count == 0 ? null : values;
    }

    private static ControlPlaneException Refused(string name, string value, IReadOnlyList<string> accepted) =>
        ControlPlaneException.BadRequest($"The query parameter '{name}' must be one of {string.Join(", ", accepted)}, not '{Shorten(value)}'.");

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
