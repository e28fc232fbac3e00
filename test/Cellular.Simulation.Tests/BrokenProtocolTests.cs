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
    public void Run_FencingBrokenKnownSeed_LateSwitchLosesAcknowledgedWrites()
    {
        // Store writes that skip the lease check (the first failing seed of 10,000 with --break fencing):
        // a switch delayed past its writer's lease commits while the next holder rolls the move back,
        // and the tenant lands on a purged copy.
        var broken = new SimulationRun(new SimulationSettings(), BreakMode.Fencing, ProtocolVariant.FencedCells).Run(KnownSeeds.FencingBroken, keepTrace: true);

        Assert.Contains(broken.Violations, v => v.Invariant == Invariant.AcknowledgedWrites);
        Assert.Contains("(a) no acknowledged write lost or duplicated", broken.Violations.First(v => v.Invariant == Invariant.AcknowledgedWrites).ToString(), StringComparison.Ordinal);
        Assert.Contains("handled switch m2 (token 1)", broken.Trace, StringComparison.Ordinal);

        // With the fence the same schedule is safe.
        Assert.True(new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.FencedCells).Run(KnownSeeds.FencingBroken, keepTrace: false).Passed);
    }

    [Fact]
    public void Run_KnownSeedWithoutThePurgeEpochCheck_StaleRollbackLosesAcknowledgedWrites()
    {
        // The bug the simulation found in the protocol as first built: a replica rolling a move back
        // checks its lease at the rollback checkpoint, reads the target (its own fenced copy), is paused
        // past its lease, and then sends DELETE ?force=true — to a copy the new lease holder has
        // meanwhile switched to and activated. Only store writes were fenced; the cell took the call.
        var result = new SimulationRun(new SimulationSettings(), BreakMode.PurgeEpoch, ProtocolVariant.AsBuilt).Run(KnownSeeds.StaleRollback, keepTrace: true);

        Assert.Contains(result.Violations, v => v.Invariant == Invariant.AcknowledgedWrites && v.Detail.Contains("are not in its owner", StringComparison.Ordinal));
        Assert.Contains("rolls back from", result.Trace, StringComparison.Ordinal);
        Assert.Contains("handled purge t0 force (token 1): True", result.Trace, StringComparison.Ordinal);

        // As built now (the purge names the move's epoch and the cell checks it), and with fenced cells, the same schedule is safe.
        Assert.True(new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.AsBuilt).Run(KnownSeeds.StaleRollback, keepTrace: false).Passed);
        Assert.True(new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.FencedCells).Run(KnownSeeds.StaleRollback, keepTrace: false).Passed);
    }
}
