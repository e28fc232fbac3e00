using System.Net;
using System.Text.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Observability;

/// <summary>
/// The control plane's <c>/metrics</c> and <c>/api/v1/observability/targets</c> over the deployment
/// harness (four fake cells, a fake router): a ReadOnly key is needed, every series has a cell
/// label, and a rolled-back deployment shows up in the counters the alert reads.
/// </summary>
[Collection(MetricsIsolation.Name)]
public sealed class ControlPlaneMetricsTests : IAsyncLifetime
{
    private DeploymentHarness _h = null!;

    public async Task InitializeAsync() => _h = await DeploymentHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Targets_ListRouterEveryCellAndTheControlPlane_WithJobAndCellLabels()
    {
        using var response = await _h.Client.GetAsync("/api/v1/observability/targets");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var groups = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        string Label(JsonElement g, string name) => g.GetProperty("labels").TryGetProperty(name, out var v) ? v.GetString()! : "";
        var router = Assert.Single(groups, g => Label(g, "job") == "cellular-router");
        Assert.Equal("none", Label(router, "cell"));
        Assert.Equal("/metrics", Label(router, "__metrics_path__"));
        Assert.Equal(new Uri(_h.Router.Url).Authority, Assert.Single(router.GetProperty("targets").EnumerateArray()).GetString());
        var cells = groups.Where(g => Label(g, "job") == "cellular-cell").ToList();
        Assert.Equal(DeploymentHarness.CellIds.Order(StringComparer.Ordinal), cells.Select(g => Label(g, "cell")));
        Assert.All(cells, g => Assert.Equal("/_cell/metrics", Label(g, "__metrics_path__")));
        Assert.Equal("prod", Label(cells.Single(g => Label(g, "cell") == "p1"), "stage"));
        Assert.Equal("1.0.0", Label(cells.Single(g => Label(g, "cell") == "p1"), "version"));
        var self = Assert.Single(groups, g => Label(g, "job") == "cellular-control-plane");
        Assert.Equal("none", Label(self, "cell"));
    }

    [Fact]
    public async Task Metrics_WithoutAKey_Is401()
    {
        using var anonymous = _h.App.AnonymousClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/observability/targets")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterARolledBackDeployment_CountItPerCellAndByOutcome()
    {
        var before = await _h.Client.GetStringAsync("/metrics");
        Assert.All(DeploymentHarness.CellIds, c => Assert.Matches($"cellular_controlplane_cell_tenants{{[^}}]*cell=\"{c}\"[^}}]*}} 1", before));
        Assert.Matches("cellular_controlplane_cell_state{[^}]*cell=\"p1\"[^}]*state=\"active\"[^}]*} 1", before);
        Assert.Matches("cellular_controlplane_cell_capacity{[^}]*cell=\"p1\"[^}]*} \\d+", before);
        Assert.Matches("cellular_controlplane_deployment_rollbacks_total{[^}]*cell=\"p1\"[^}]*} 0", before);
        Assert.Matches("cellular_controlplane_deployments_ended_total{[^}]*cell=\"none\"[^}]*outcome=\"rolled_back\"[^}]*} 0", before);

        _h.StatsOf = (cell, version) => version == "2.0.0-bad" ? FakeRouter.Cell(cell, 100, errors: 50) : FakeRouter.Cell(cell, 100);
        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0-bad","waves":[["p1"],["p2"]],"bakeSeconds":10,"firstProductionBakeSeconds":10}""");
        var done = await _h.AdvanceUntilAsync(deployment.Id, d => d.State.IsFinal(), "the deployment ends");
        Assert.True(done.State == DeploymentState.RolledBack, DeploymentHarness.Describe(done));

        var after = await _h.Client.GetStringAsync("/metrics");
        Assert.Matches("cellular_controlplane_deployment_rollbacks_total{[^}]*cell=\"p1\"[^}]*} 1", after);
        Assert.Matches("cellular_controlplane_deployment_rollbacks_total{[^}]*cell=\"p2\"[^}]*} 0", after);
        Assert.Matches("cellular_controlplane_deployments_ended_total{[^}]*cell=\"none\"[^}]*outcome=\"rolled_back\"[^}]*} 1", after);

        // Counted once, however often it is scraped.
        Assert.Matches("cellular_controlplane_deployments_ended_total{[^}]*outcome=\"rolled_back\"[^}]*} 1", await _h.Client.GetStringAsync("/metrics"));
        foreach (var line in after.Split('\n').Where(l => l.StartsWith("cellular_controlplane_", StringComparison.Ordinal)))
        {
            Assert.Contains("cell=\"", line, StringComparison.Ordinal);
        }
    }
}
