namespace Cellular.Simulation;

/// <summary>
/// The timings of the modelled system, in simulated milliseconds. Shorter than production's so that
/// one run packs several moves, lease losses and recoveries into a minute of simulated time; what
/// matters to the protocol is their ratios (a heartbeat well inside the lease, a soak longer than a
/// network delay), which are kept.
/// </summary>
internal sealed record SimulationSettings
{
    public long LeaseMs { get; init; } = 2_000;

    public long HeartbeatMs { get; init; } = 600;

    public long ScanMs { get; init; } = 300;

    public long RetryDelayMs { get; init; } = 500;

    public long StoreTimeoutMs { get; init; } = 500;

    public long CellTimeoutMs { get; init; } = 800;

    public long CutoverBudgetMs { get; init; } = 1_500;

    public long SoakMs { get; init; } = 1_000;

    public int ChangePageSize { get; init; } = 8;

    public long CatchUpMaxLag { get; init; } = 4;

    public int CatchUpMaxRounds { get; init; } = 20;

    public long RouterRefreshMs { get; init; } = 250;

    public long RouterTimeoutMs { get; init; } = 600;

    public long HoldTimeoutMs { get; init; } = 2_000;

    /// <summary>Faults are injected until then; then every partition heals, every node runs and none pauses.</summary>
    public long FaultsUntilMs { get; init; } = 16_000;

    /// <summary>Clients write until then.</summary>
    public long WritesUntilMs { get; init; } = 22_000;

    /// <summary>The run ends and the invariants are checked.</summary>
    public long EndMs { get; init; } = 45_000;
}
