namespace Cellular.Simulation.Tests;

/// <summary>Seeds of the 10,000-seed run that broke the protocol as built (see the simulation's README).</summary>
internal static class KnownSeeds
{
    /// <summary>A stale rollback's forced purge reaches the target after its successor switched to it and activated it.</summary>
    public const int StaleRollback = 2343;

    /// <summary>With the store fence broken (fenced-cells protocol): a late switch commits after the lease moved on.</summary>
    public const int FencingBroken = 6108;
}
