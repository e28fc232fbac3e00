using Cellular.ControlPlane.Experiments;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Experiments;

public sealed class BlastRadiusReportBuilderTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_NonTargetWithinLimits_ContainedAndAffectedAreExactlyTargetTenants()
    {
        var report = BlastRadiusReportBuilder.Build(Input(
            during: new() { ["c1"] = Stats(50, 50, 10, "a", "b"), ["c2"] = Stats(100, 0, 12) },
            targetTenants: ["a", "b"],
            tenantCells: new() { ["a"] = "c1", ["b"] = "c1" }));

        Assert.Equal("contained", report.Verdict);
        Assert.True(report.AffectedExactlyTargetTenants);
        Assert.Equal(0.5, report.AffectedTenantShare);
        Assert.Equal(["c1", "c2", "c3"], report.Cells.Select(c => c.Cell));
        Assert.Equal([null, "contained", "too-few-requests"], report.Cells.Select(c => c.Verdict));
    }

    [Fact]
    public void Build_NonTargetErrorsRise_LeakedNamingTenantsOutsideTargets()
    {
        var report = BlastRadiusReportBuilder.Build(Input(
            during: new() { ["c1"] = Stats(50, 50, 10, "a"), ["c2"] = Stats(100, 30, 12, "c") },
            targetTenants: ["a", "b"],
            tenantCells: new() { ["a"] = "c1", ["c"] = "c2" }));

        Assert.Equal("leaked", report.Verdict);
        Assert.Equal(["c"], report.AffectedOutsideTargets);
        Assert.False(report.AffectedOnlyTargetTenants);
        Assert.False(report.AffectedExactlyTargetTenants);
        Assert.Contains("c2: error rate 0.0% → 30.0%, p99 10 ms → 12 ms (100 requests), over the limit: error rate above 5.0%", report.Evidence);
    }

    [Fact]
    public void Build_FaultPhaseUnreadable_VerdictUnknownWithGap()
    {
        var report = BlastRadiusReportBuilder.Build(Input(during: null, targetTenants: [], tenantCells: [], gaps: ["The fault phase could not be read: boom"]));

        Assert.Equal("unknown", report.Verdict);
        Assert.Contains("The fault phase could not be read: boom", report.Evidence);
    }

    private static BlastRadiusInput Input(
        Dictionary<string, ExperimentWindowStats>? during,
        List<string> targetTenants,
        Dictionary<string, string> tenantCells,
        List<string>? gaps = null)
    {
        var experiment = new Experiment(
            "exp-1", null, ExperimentState.Completed, ["c1"], new ExperimentFault(CellFaultKind.Error, null, 500, 1, null), 30,
            new ExperimentStopConditions(0.05, 2, 50, 20), 10, 10, "tester", Start, Start, Start.AddSeconds(30), "done", [], Start.AddSeconds(40), null);
        var before = new Dictionary<string, ExperimentWindowStats> { ["c1"] = Stats(100, 0, 10), ["c2"] = Stats(100, 0, 10) };
        return new BlastRadiusInput(
            experiment, before, during, new Dictionary<string, ExperimentWindowStats>(), ["c1", "c2", "c3"], 4,
            new Page<string>(targetTenants, null, targetTenants.Count), tenantCells, gaps ?? [], Start.AddSeconds(40));
    }

    private static ExperimentWindowStats Stats(long requests, long errors, double p99, params string[] tenants) =>
        WindowStatsMerge.Create(requests, requests - errors, p99 / 2, p99, tenants, tenants.Length);
}
