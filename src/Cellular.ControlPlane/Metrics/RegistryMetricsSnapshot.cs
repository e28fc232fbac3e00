namespace Cellular.ControlPlane.Metrics;

/// <summary>What the control plane's gauges report, read from the store at once before a scrape.</summary>
/// <param name="Cells">One row per cell that is not retired.</param>
/// <param name="Migrations">Migrations moving data, grouped by source cell and phase.</param>
/// <param name="DeploymentsEnded">Deployments that ended, by outcome (counted since start-up, from the store's history).</param>
/// <param name="CellRollbacks">Cells rolled back by deployments, by cell (every live cell present, 0 without any).</param>
internal sealed record RegistryMetricsSnapshot(
    IReadOnlyList<CellMetricsRow> Cells,
    IReadOnlyList<MigrationMetricsRow> Migrations,
    IReadOnlyDictionary<string, long> DeploymentsEnded,
    IReadOnlyDictionary<string, long> CellRollbacks)
{
    /// <summary>Nothing read yet.</summary>
    public static RegistryMetricsSnapshot Empty { get; } = new([], [], new Dictionary<string, long>(), new Dictionary<string, long>());
}

/// <summary>One cell's gauges.</summary>
internal sealed record CellMetricsRow(string Cell, string State, string Stage, string Region, string Zone, string Version, int? Up, int Tenants, long Load, int Capacity);

/// <summary>The migrations from one source cell in one phase.</summary>
/// <param name="Cell">The source cell.</param>
/// <param name="Phase">The migration state, lower case.</param>
/// <param name="Count">How many.</param>
/// <param name="OldestAgeSeconds">Age of the oldest of them (since it was created).</param>
/// <param name="StalledSeconds">Longest time one of them went without a change (since its last update).</param>
internal sealed record MigrationMetricsRow(string Cell, string Phase, int Count, double OldestAgeSeconds, double StalledSeconds);
