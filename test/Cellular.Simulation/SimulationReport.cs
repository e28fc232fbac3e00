using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>What many seeds gave: runs, per-invariant passes, the first failures, and totals for the benchmark line.</summary>
internal sealed record SimulationReport(
    int Start,
    int Runs,
    IReadOnlyDictionary<Invariant, int> Passed,
    IReadOnlyList<RunResult> Failures,
    int FailedRuns,
    TimeSpan Elapsed,
    long Events,
    long WritesAcknowledged,
    IReadOnlyDictionary<MigrationState, long> Migrations)
{
    public bool AllPassed => FailedRuns == 0;

    public double RunsPerSecond => Elapsed.TotalSeconds > 0 ? Runs / Elapsed.TotalSeconds : 0;
}
