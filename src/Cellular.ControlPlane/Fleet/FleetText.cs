using Cellular.Core.Api;

namespace Cellular.ControlPlane.Fleet;

/// <summary>The <c>q</c> filter of the fleet table: a case-insensitive substring of the id, region, zone, version or a label.</summary>
internal static class FleetText
{
    public static bool Matches(FleetRow row, string text) =>
        Contains(row.Id, text) || Contains(row.Region, text) || Contains(row.Zone, text) || Contains(row.Version, text);

    /// <summary>Also looks at the cell's labels (<c>key=value</c>), which rows do not carry.</summary>
    public static bool MatchesLabels(IReadOnlyDictionary<string, string> labels, string text) =>
        labels.Any(l => Contains($"{l.Key}={l.Value}", text));

    private static bool Contains(string value, string text) => value.Contains(text, StringComparison.OrdinalIgnoreCase);
}
