namespace Cellular.Simulation.Tests;

/// <summary>Seeds of the 10,000-seed run that broke the protocol as built (see the simulation's report in docs).</summary>
internal static class KnownSeeds
{
    /// <summary>A lease holder's stale rollback purges the target its successor switched to.</summary>
    public const int StaleRollback = 9046;

    /// <summary>A late duplicate import replaces the copy between the final hash and activation.</summary>
    public const int LateImport = 7117;
}
