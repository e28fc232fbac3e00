namespace Cellular.Simulation.Tests;

/// <summary>A deliberately broken protocol is caught by some seed, and the report names the invariant it broke.</summary>
public sealed class BrokenProtocolTests
{
    [Fact]
    public void Run_EpochBroken_CaughtWithin50SeedsAsOneWriterPerEpoch()
    {
        var report = new SimulationRunner(new SimulationSettings(), BreakMode.Epoch, ProtocolVariant.FencedCells).Run(start: 0, count: 50, stopAtFirstFailure: true);

        var failure = Assert.Single(report.Failures);
        Assert.Contains(failure.Violations, v => v.Invariant == Invariant.OneWriterPerEpoch);
        Assert.Contains("(b) at most one cell accepts a tenant's writes per epoch", failure.Violations.First(v => v.Invariant == Invariant.OneWriterPerEpoch).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FencingBroken_CaughtWithin1000SeedsAsLostWrites()
    {
        // Store writes that skip the lease check: a switch delayed past its writer's lease commits
        // while the next lease holder rolls the move back, and the tenant lands on a purged copy.
        var report = new SimulationRunner(new SimulationSettings(), BreakMode.Fencing, ProtocolVariant.FencedCells).Run(start: 0, count: 1000, stopAtFirstFailure: true);

        var failure = Assert.Single(report.Failures);
        Assert.Contains(failure.Violations, v => v.Invariant == Invariant.AcknowledgedWrites);
        Assert.Contains("(a) no acknowledged write lost or duplicated", failure.Violations.First(v => v.Invariant == Invariant.AcknowledgedWrites).ToString(), StringComparison.Ordinal);

        // With the fence the same schedule is safe.
        Assert.True(new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.FencedCells).Run(failure.Seed, keepTrace: false).Passed);
    }

    [Fact]
    public void Run_AsBuiltKnownSeed_StaleRollbackLosesAcknowledgedWrites()
    {
        // The bug the simulation found in the protocol as built: a replica that lost its lease still
        // rolls the move back at the cells (unfence the source, purge the target's copy) — only its
        // store write is fenced — and so wipes the copy the new lease holder has just switched to.
        var result = new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.AsBuilt).Run(KnownSeeds.StaleRollback, keepTrace: true);

        Assert.Contains(result.Violations, v => v.Invariant == Invariant.AcknowledgedWrites && v.Detail.Contains("are not in its owner", StringComparison.Ordinal));
        Assert.Contains("rolls back from Cutover", result.Trace, StringComparison.Ordinal);

        // The fenced-cells variant survives the same schedule.
        Assert.True(new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.FencedCells).Run(KnownSeeds.StaleRollback, keepTrace: false).Passed);
    }

    [Fact]
    public void Run_AsBuiltKnownSeed_LateImportTakesTheCopyBackInTime()
    {
        // The second finding: an import delivered late (here duplicated by the network) lands after the
        // cutover's hash comparison and before activation, replacing the copy with an older snapshot.
        var result = new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.AsBuilt).Run(KnownSeeds.LateImport, keepTrace: false);

        Assert.Contains(result.Violations, v => v.Invariant == Invariant.AcknowledgedWrites);
        Assert.True(new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.FencedCells).Run(KnownSeeds.LateImport, keepTrace: false).Passed);
    }
}
