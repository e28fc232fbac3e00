namespace Cellular.Simulation.Tests;

/// <summary>A few hundred seeds in CI: every invariant holds, for the protocol as built and for the fenced-cells variant.</summary>
public sealed class SimulationSeedsTests
{
    [Theory]
    [InlineData(ProtocolVariant.AsBuilt)]
    [InlineData(ProtocolVariant.FencedCells)]
    internal void Run_FewHundredSeeds_EveryInvariantHolds(ProtocolVariant protocol)
    {
        var report = new SimulationRunner(new SimulationSettings(), BreakMode.None, protocol).Run(start: 0, count: 300);

        Assert.True(
            report.AllPassed,
            string.Join(Environment.NewLine, report.Failures.SelectMany(f => f.Violations.Select(v => $"seed {f.Seed}: {v}"))));
        Assert.Equal(300, report.Runs);
        Assert.All(InvariantNames.Checked, i => Assert.Equal(300, report.Passed[i]));

        // The runs did something: moves completed and rolled back, clients were acknowledged.
        Assert.True(report.Migrations.GetValueOrDefault(Cellular.Core.Api.MigrationState.Complete) > 100);
        Assert.True(report.Migrations.GetValueOrDefault(Cellular.Core.Api.MigrationState.Aborted) > 50);
        Assert.True(report.WritesAcknowledged > 100_000);
    }
}
