namespace Cellular.Simulation.Tests;

/// <summary>A seed is a complete description of a run: the same seed gives the same event trace, failures included.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Run_SameSeedTwice_IdenticalTrace()
    {
        var run = new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.AsBuilt);

        var first = run.Run(42, keepTrace: true);
        var second = run.Run(42, keepTrace: true);

        Assert.True(first.Trace.Length > 10_000);
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.Events, second.Events);
    }

    [Fact]
    public void Run_FailingSeedTwice_SameTraceAndViolations()
    {
        var run = new SimulationRun(new SimulationSettings(), BreakMode.PurgeEpoch, ProtocolVariant.AsBuilt);

        var first = run.Run(KnownSeeds.StaleRollback, keepTrace: true);
        var second = run.Run(KnownSeeds.StaleRollback, keepTrace: true);

        Assert.False(first.Passed);
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(first.Violations, second.Violations);
    }

    [Fact]
    public async Task Run_SeedOnAnotherThreadMeanwhile_SameTrace()
    {
        // No static state and no thread-pool continuations: runs on other threads change nothing.
        var run = new SimulationRun(new SimulationSettings(), BreakMode.None, ProtocolVariant.FencedCells);
        var alone = run.Run(7, keepTrace: true);

        var together = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => run.Run(7, keepTrace: true))));

        Assert.All(together, r => Assert.Equal(alone.Trace, r.Trace));
    }
}
