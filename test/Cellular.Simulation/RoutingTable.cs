namespace Cellular.Simulation;

/// <summary>A published routing table: its version and every tenant's route.</summary>
internal sealed record RoutingTable(long Version, IReadOnlyDictionary<string, Route> Routes)
{
    public override string ToString() =>
        $"version {Version}: {string.Join(", ", Routes.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} → {r.Value.Cell} at {r.Value.Epoch}"))}";
}
