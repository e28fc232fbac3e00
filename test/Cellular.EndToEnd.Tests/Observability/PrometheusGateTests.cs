using Cellular.Core.Api;
using Cellular.EndToEnd.Tests.Infrastructure;
using Cellular.Testing;

namespace Cellular.EndToEnd.Tests.Observability;

/// <summary>
/// The deployments' Prometheus gate against the real Prometheus scraping a live fleet with the
/// shipped config: a release that fails half of its tenants' requests is rolled back on the
/// analysis's evidence (the built-in gate is made lenient, so only Prometheus can catch it), and
/// a good release passes with the analysis's evidence for each cell.
/// </summary>
public sealed class PrometheusGateTests
{
    // The cell's share of requests the router saw fail (a 5xx from it, or refused for it: shed, down,
    // circuit open — a release failing half its requests soon opens its circuit), over the bake so far.
    private const string ErrorRateQuery =
        "(sum(rate(cellular_router_requests_total{cell=\"{{cell}}\",outcome=~\"upstream_error|shed|cell_down|circuit_open\"}[{{window}}])) or vector(0))"
        + " / sum(rate(cellular_router_requests_total{cell=\"{{cell}}\"}[{{window}}]))";

    private static readonly DeploymentAnalysisRequest[] AnalysisRequests = [new("error-rate", ErrorRateQuery, "result < 0.05")];

    // Lenient built-in gate: only the Prometheus analysis can fail a wave here.
    private static readonly DeploymentGatesRequest GatesRequest = new(ErrorRateIncrease: 1, P99Factor: 100, MinRequests: 15, MaxBakeExtensionSeconds: 30);

    [Fact]
    public async Task Deploy_BadReleaseThenGoodRelease_AnalysisRollsTheBadOneBackAndPassesTheGoodOne()
    {
        var prometheusPort = FreePort.Next();
        await using var fleet = await DeploymentFleet.StartAsync(
            staging: false,
            prodTenants: [2, 2, 2],
            controlPlaneArguments:
            [
                $"--Cellular:ControlPlane:Prometheus:Url=http://127.0.0.1:{prometheusPort}",
                "--Cellular:ControlPlane:Prometheus:Interval=00:00:01",
            ]);
        var stack = fleet.Stack;
        await using var prometheus = await PrometheusServer.StartAsync(stack.Local.ApiUrl, stack.Local.AdminTokenFile, port: prometheusPort);
        await fleet.WaitForTrafficAsync();

        var bad = await DeploymentApi.CreateAsync(stack, new CreateDeploymentRequest(
            "2.0.0-bad",
            Artifact: Releases.BadRelease,
            Config: new Dictionary<string, string> { ["BadRelease:FailRate"] = "0.5" },
            Waves: [["c1"], ["c2", "c3"]],
            BakeSeconds: 8,
            FirstProductionBakeSeconds: 8,
            Gates: GatesRequest,
            Analysis: AnalysisRequests));
        Assert.Equal(new DeploymentAnalysis("error-rate", ErrorRateQuery, "result < 0.05", 0), Assert.Single(bad.Analysis!));
        var rolledBack = await DeploymentApi.WaitForEndAsync(stack, bad.Id, TimeSpan.FromSeconds(90));
        await stack.Local.WaitReadyAsync();

        var json = DeploymentApi.Describe(rolledBack);
        Assert.True(rolledBack.State == DeploymentState.RolledBack, $"ended {rolledBack.State}: {rolledBack.Reason}\n{json}");
        var failure = rolledBack.Evidence.FirstOrDefault(d => d.Verdict == GateVerdict.Fail);
        Assert.True(failure is { Gate: "prometheus", Metric: "error-rate", Cell: "c1" }, $"the failing decision is not the analysis's\n{json}");
        Assert.True(failure!.Canary > 0.05, json);
        Assert.Contains("cellular_router_requests_total{cell=\"c1\"", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(rolledBack.Evidence, d => d.Verdict == GateVerdict.Fail && d.Gate != "prometheus");
        Assert.Equal(DeploymentWaveState.Skipped, rolledBack.Waves[1].State);
        Assert.All((await stack.Local.Client.ListCellsAsync()).Where(c => c.Id.StartsWith('c')), c => Assert.Equal(DeploymentFleet.InitialVersion, c.Version));

        var good = await DeploymentApi.CreateAsync(stack, new CreateDeploymentRequest(
            "2.0.0",
            Artifact: stack.Local.Artifacts.CellApp,
            Waves: [["c1"], ["c2", "c3"]],
            BakeSeconds: 8,
            FirstProductionBakeSeconds: 8,
            Gates: GatesRequest,
            Analysis: AnalysisRequests));
        var succeeded = await DeploymentApi.WaitForEndAsync(stack, good.Id, TimeSpan.FromSeconds(120));
        await fleet.Load.DisposeAsync();

        json = DeploymentApi.Describe(succeeded);
        Assert.True(succeeded.State == DeploymentState.Succeeded, $"ended {succeeded.State}: {succeeded.Reason}\n{json}\nPrometheus targets: {await prometheus.TargetsAsync()}");
        foreach (var cell in new[] { "c1", "c2", "c3" })
        {
            Assert.True(
                succeeded.Evidence.Any(d => d is { Gate: "prometheus", Metric: "error-rate", Verdict: GateVerdict.Pass } && d.Cell == cell && d.Canary < 0.05),
                $"no passing analysis kept as evidence for {cell}\n{json}");
        }
    }
}
