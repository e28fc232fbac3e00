using System.Net;
using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Deployments;

/// <summary>
/// The Prometheus gate over the deployment harness (fake cells, router and clock) and a fake
/// Prometheus: analyses are checked at creation, judged beside the router-stats gate during the
/// bake, a failing one rolls the wave back with <c>prometheus</c> evidence, no data never passes.
/// </summary>
public sealed class PrometheusGateTests : IAsyncLifetime
{
    private const string Query = "sum(rate(errors{cell=\\\"{{cell}}\\\",version=\\\"{{version}}\\\"}[{{window}}]))";

    private readonly FakePrometheusHandler _prometheus = new();
    private DeploymentHarness _h = null!;

    public async Task InitializeAsync() => _h = await DeploymentHarness.StartAsync(
        new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Prometheus:Url"] = FakePrometheusHandler.Url,
            ["Cellular:ControlPlane:Prometheus:Interval"] = "00:00:02",
        },
        services: services => services.AddHttpClient(PrometheusClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _prometheus));

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string TwoWaves(string analysis, int maxExtension = 30) =>
        $$"""{"version":"2.0.0","waves":[["p1"],["p2"]],"bakeSeconds":10,"firstProductionBakeSeconds":10,"gates":{"maxBakeExtensionSeconds":{{maxExtension}}},"analysis":[{{analysis}}]}""";

    private static string Analysis(string condition = "result < 0.05", int? failureLimit = null, string query = Query) =>
        $$"""{"name":"error-rate","query":"{{query}}","successCondition":"{{condition}}"{{(failureLimit is { } l ? $",\"failureLimit\":{l}" : "")}}}""";

    [Fact]
    public async Task Create_AnalysisPasses_SucceedsWithPrometheusEvidenceAndExpandedQueries()
    {
        _prometheus.Answer = q => (HttpStatusCode.OK, FakePrometheusHandler.Vector((q.Contains("p1", StringComparison.Ordinal) ? "p1" : "p2", "0.01")));

        var created = await _h.CreateDeploymentAsync(TwoWaves(Analysis()));
        var done = await _h.AdvanceUntilAsync(created.Id, d => d.State.IsFinal(), "the deployment ends");

        Assert.True(done.State == DeploymentState.Succeeded, DeploymentHarness.Describe(done));
        var analysis = Assert.Single(done.Analysis!);
        Assert.Equal(new DeploymentAnalysis("error-rate", Query.Replace("\\\"", "\"", StringComparison.Ordinal), "result < 0.05", 0), analysis);
        foreach (var cell in new[] { "p1", "p2" })
        {
            Assert.Contains(done.Evidence, d => d.Gate == PrometheusGate.Gate && d.Metric == "error-rate" && d.Cell == cell && d.Verdict == GateVerdict.Pass && d.Canary == 0.01 && d.Threshold == 0.05);
        }

        Assert.Contains(_prometheus.Queries, q => q.StartsWith("sum(rate(errors{cell=\"p1\",version=\"2.0.0\"}[", StringComparison.Ordinal) && q.EndsWith("s]))", StringComparison.Ordinal));
        Assert.DoesNotContain(_prometheus.Queries, q => q.Contains("{{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_AnalysisFails_RollsTheWaveBackWithPrometheusEvidence()
    {
        _prometheus.Answer = _ => (HttpStatusCode.OK, FakePrometheusHandler.Vector(("p1", "0.25")));

        var created = await _h.CreateDeploymentAsync(TwoWaves(Analysis()));
        var done = await _h.AdvanceUntilAsync(created.Id, d => d.State.IsFinal(), "the deployment ends");

        Assert.True(done.State == DeploymentState.RolledBack, DeploymentHarness.Describe(done));
        var failure = Assert.Single(done.Evidence, d => d.Verdict == GateVerdict.Fail);
        Assert.Equal(PrometheusGate.Gate, failure.Gate);
        Assert.Equal("error-rate", failure.Metric);
        Assert.Equal("p1", failure.Cell);
        Assert.Equal(0.25, failure.Canary);
        Assert.Equal(0.05, failure.Threshold);
        Assert.Contains("sum(rate(errors{cell=\"p1\"", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("result < 0.05 does not hold", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("error-rate", done.Reason, StringComparison.Ordinal);
        Assert.Equal(DeploymentWaveState.Skipped, done.Waves[1].State);
        Assert.Equal("1.0.0", (await _h.GetCellAsync("p1")).Version);
        Assert.Equal("1.0.0", (await _h.GetCellAsync("p2")).Version);
    }

    [Fact]
    public async Task Create_OneFailureWithinTheLimit_IsToleratedAndTheWavePasses()
    {
        var asked = 0;
        _prometheus.Answer = _ => (HttpStatusCode.OK, FakePrometheusHandler.Vector(("p1", Interlocked.Increment(ref asked) == 1 ? "0.5" : "0.0")));

        var created = await _h.CreateDeploymentAsync(TwoWaves(Analysis(failureLimit: 1)));
        var done = await _h.AdvanceUntilAsync(created.Id, d => d.State.IsFinal(), "the deployment ends");

        Assert.True(done.State == DeploymentState.Succeeded, DeploymentHarness.Describe(done));
        Assert.DoesNotContain(done.Evidence, d => d.Verdict == GateVerdict.Fail);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("unreachable")]
    public async Task Create_NoDataOrPrometheusDown_IsInconclusiveNeverAPass(string how)
    {
        _prometheus.Answer = _ => how == "empty"
            ? (HttpStatusCode.OK, FakePrometheusHandler.Vector())
            : (HttpStatusCode.ServiceUnavailable, "{\"status\":\"error\",\"error\":\"shutting down\"}");

        var created = await _h.CreateDeploymentAsync(TwoWaves(Analysis(), maxExtension: 0));
        var paused = await _h.AdvanceUntilAsync(created.Id, d => d.State == DeploymentState.Paused, "the deployment pauses for a person");

        Assert.Equal(DeploymentWaveState.Baking, paused.Waves[0].State);
        Assert.Contains("inconclusive", paused.Reason, StringComparison.Ordinal);
        var decision = Assert.Single(paused.Evidence, d => d.Gate == PrometheusGate.Gate);
        Assert.Equal(GateVerdict.Inconclusive, decision.Verdict);
        Assert.Contains(how == "empty" ? "no data" : "503", decision.Detail, StringComparison.Ordinal);
        Assert.Equal(DeploymentCellState.Pending, paused.Cells.Single(c => c.Cell == "p2").State);
    }

    [Theory]
    [InlineData("""{"name":"bad name!","query":"up","successCondition":"result > 0"}""", "name")]
    [InlineData("""{"name":"a","query":"","successCondition":"result > 0"}""", "query")]
    [InlineData("""{"name":"a","query":"up","successCondition":"value > 0"}""", "successCondition")]
    [InlineData("""{"name":"a","query":"up","successCondition":"result =< 0"}""", "successCondition")]
    [InlineData("""{"name":"a","query":"up","successCondition":"result > 0","failureLimit":101}""", "failureLimit")]
    [InlineData("""{"name":"a","query":"up","successCondition":"result > 0"},{"name":"a","query":"up","successCondition":"result > 0"}""", "Two analyses")]
    public async Task Create_InvalidAnalysis_Is400SayingWhat(string analysis, string says)
    {
        using var response = await _h.PostDeploymentAsync(TwoWaves(analysis));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains(says, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AnalysisWithoutAConfiguredPrometheus_Is400()
    {
        await using var h = await DeploymentHarness.StartAsync();

        using var response = await h.PostDeploymentAsync(TwoWaves(Analysis()));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("Cellular:ControlPlane:Prometheus:Url", body, StringComparison.Ordinal);
    }
}
