using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests.Observability;

/// <summary>
/// The real Prometheus, run with the shipped config (rewritten only for ports, paths and a 1 s
/// interval), scrapes a live stack found through the control plane's service discovery, loads the
/// shipped rules, and every shipped per-cell query — recording rules and the dashboard's panels —
/// returns one series per cell.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private static readonly string[] PerCellRecords =
    [
        "cell:cellular_requests:rate1m",
        "cell:cellular_errors:rate1m",
        "cell:cellular_error_ratio:rate1m",
        "cell:cellular_request_duration_seconds:p50_1m",
        "cell:cellular_request_duration_seconds:p99_1m",
        "cell:cellular_up:max",
    ];

    [Fact]
    public async Task ShippedConfig_LiveStackWithTraffic_EveryShippedQueryHasOneSeriesPerCell()
    {
        await using var stack = await Stack.StartAsync(cells: 3);
        var cells = (await stack.Local.Client.ListCellsAsync()).Select(c => c.Id).Order(StringComparer.Ordinal).ToArray();
        var tenants = new List<Cellular.Core.Api.TenantView>();
        foreach (var cell in cells)
        {
            tenants.AddRange(await stack.CreateTenantsAsync(2, prefix: $"obs-{cell}", cell: cell));
        }

        await using var load = new TrafficLoad(stack.Router, tenants, workers: 2, pause: TimeSpan.FromMilliseconds(20));
        await using var prometheus = await PrometheusServer.StartAsync(stack.Local.ApiUrl, stack.Local.AdminTokenFile);

        // Discovery: routers, cells and the control plane, each with a cell label.
        using (var targets = await stack.Api.GetAsync("/api/v1/observability/targets"))
        {
            Assert.Equal(HttpStatusCode.OK, targets.StatusCode);
            var groups = (await JsonDocument.ParseAsync(await targets.Content.ReadAsStreamAsync())).RootElement.EnumerateArray().ToList();
            Assert.Equal(cells, groups.Where(g => Label(g, "job") == "cellular-cell").Select(g => Label(g, "cell")).Order(StringComparer.Ordinal));
            Assert.Single(groups, g => Label(g, "job") == "cellular-router");
            Assert.Single(groups, g => Label(g, "job") == "cellular-control-plane");
        }

        // Every scrape answers, also the control plane's, which needs the key Prometheus sends.
        await EventuallyAsync(prometheus, async () => (await prometheus.QueryAsync("up == 1")).Count == cells.Length + 2, "every target (3 cells, router, control plane) up");
        foreach (var record in PerCellRecords)
        {
            await EventuallyAsync(prometheus, async () => Cells(await prometheus.QueryAsync(record)).SequenceEqual(cells), $"{record} for every cell");
        }

        foreach (var fleet in new[] { "fleet:cellular_error_ratio:median1m", "fleet:cellular_request_duration_seconds:p99_median1m" })
        {
            await EventuallyAsync(prometheus, async () => Cells(await prometheus.QueryAsync(fleet)).SequenceEqual(["none"]), $"{fleet}: one fleet series");
        }

        // The dashboard's panels: per-cell ones return every cell once, the peers' lines one series.
        var panelQueries = PanelQueries().ToList();
        Assert.NotEmpty(panelQueries);
        foreach (var query in panelQueries.Where(q => !q.Contains("ALERTS", StringComparison.Ordinal)))
        {
            var expr = query.Replace("$cell", ".+", StringComparison.Ordinal);
            var expected = query.Contains("fleet:", StringComparison.Ordinal) ? ["none"] : cells;
            await EventuallyAsync(prometheus, async () => Cells(await prometheus.QueryAsync(expr)).SequenceEqual(expected), $"dashboard query {expr}: {string.Join(",", expected)}");
        }

        // The alerts are loaded, and none fires on a healthy fleet.
        var rules = await prometheus.Client.GetStringAsync("/api/v1/rules");
        foreach (var alert in new[] { "CellErrorRateAbovePeers", "CellLatencyAbovePeers", "CellDown", "RouterTableStale", "MigrationStuck", "DeploymentRolledBack" })
        {
            Assert.Contains($"\"name\":\"{alert}\"", rules, StringComparison.Ordinal);
        }

        Assert.Empty(await prometheus.QueryAsync("ALERTS{alertstate=\"firing\"}"));

        // The control plane's /metrics wants a ReadOnly key, like the API it summarises.
        using var anonymous = new HttpClient { BaseAddress = stack.Local.ApiUrl };
        using (var refused = await anonymous.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.AdminToken);
        var text = await anonymous.GetStringAsync("/metrics");
        Assert.All(cells, c => Assert.Matches($"cellular_controlplane_cell_tenants{{[^}}]*cell=\"{c}\"[^}}]*}} 2", text));
    }

    private static string Label(JsonElement group, string name) =>
        group.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString()! : string.Empty;

    private static string[] Cells(IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> result) =>
        [.. result.Select(r => r.Labels.GetValueOrDefault("cell") ?? "(no cell label)").Order(StringComparer.Ordinal)];

    private static IEnumerable<string> PanelQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(ShippedObservability.Dashboard));
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                yield return target.GetProperty("expr").GetString()!;
            }
        }
    }

    private static async Task EventuallyAsync(PrometheusServer prometheus, Func<Task<bool>> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Timed out waiting for {what}.\nTargets: {await prometheus.TargetsAsync()}\nPrometheus log:\n{prometheus.Log[^Math.Min(prometheus.Log.Length, 4000)..]}");
    }
}
