using System.Text.Json;
using Cellular.Cli.Rendering;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Commands;

public sealed class TopCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Once_PrintsSummaryRowsSparklinesAndNoData()
    {
        _fake.RespondJson("GET", "/api/v1/fleet", 200, Page());
        var cli = new CliHarness();

        var code = await cli.RunAsync("top", "--once", "--sort", "p99", "--desc", "--filter", "eu", "--limit", "2", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        var request = Assert.Single(_fake.RequestsTo("GET", "/api/v1/fleet"));
        Assert.Equal("?sort=p99&desc=true&q=eu&limit=2", request.Query);
        var text = cli.Out;
        Assert.Contains("2 cells: 1 Active, 1 Unhealthy", text, StringComparison.Ordinal);
        Assert.Contains("versions: 1.0.0 ×1, 1.1.0 ×1", text, StringComparison.Ordinal);
        Assert.Contains("waiting for approval: dep-3 2.0.0 wave 2 (c2)", text, StringComparison.Ordinal);
        Assert.Contains("traffic: 12.5 req/s", text, StringComparison.Ordinal);
        Assert.Contains("99.0%", text, StringComparison.Ordinal);
        Assert.Contains("▁▄█", text, StringComparison.Ordinal);
        Assert.Contains("no data", text, StringComparison.Ordinal);
        Assert.Contains("unhealthy", text, StringComparison.Ordinal);
        Assert.Contains("cells 1–2 of 2, sorted by p99 descending", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotATerminal_PrintsOneTableAndExits()
    {
        _fake.RespondJson("GET", "/api/v1/fleet", 200, Page());
        var cli = new CliHarness();

        var code = await cli.RunAsync("top", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Single(_fake.RequestsTo("GET", "/api/v1/fleet"));
        Assert.Contains("c1", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_PrintsThePageAsTheApiSendsIt()
    {
        _fake.RespondJson("GET", "/api/v1/fleet", 200, Page());
        var cli = new CliHarness();

        var code = await cli.RunAsync("top", "--json", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        var rows = document.RootElement.GetProperty("rows");
        Assert.Equal("c1", rows[0].GetProperty("id").GetString());
        Assert.Equal(0.99, rows[0].GetProperty("signals").GetProperty("successRate").GetDouble());
        Assert.False(rows[1].GetProperty("signals").TryGetProperty("successRate", out _));
        Assert.Equal(2, document.RootElement.GetProperty("summary").GetProperty("cells").GetInt32());
    }

    [Fact]
    public async Task BadSort_RefusedBeforeAnyCall()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("top", "--sort", "colour", "--api", _fake.Url.ToString());

        Assert.NotEqual(0, code);
        Assert.Empty(_fake.RequestsTo("GET", "/api/v1/fleet"));
    }

    [Fact]
    public async Task ServerRefuses_PrintsProblemAndFails()
    {
        _fake.RespondProblem("GET", "/api/v1/fleet", 400, "Bad request", "The query parameter 'limit' must be a whole number from 1 to 500, not '0'.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("top", "--once", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Contains("'limit'", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sparkline_ScalesToTheHighestValueShown()
    {
        Assert.Equal("▁▄█", FleetRendering.Sparkline([0, 5, 10], 20));
        Assert.Equal("▁▁", FleetRendering.Sparkline([0, 0], 20));
        Assert.Equal("▄█", FleetRendering.Sparkline([100, 5, 10], 2));
    }

    private static FleetPage Page()
    {
        var busy = new CellSignals(375, 12.5, 0.99, 0.01, 4, 20);
        var rows = new List<FleetRow>
        {
            new("c1", CellState.Active, "healthy", CellStage.Prod, "eu-west", "eu-west-1a", "process", "1.0.0", 120, 120, 1000, busy, [0, 5, 10], []),
            new("c2", CellState.Unhealthy, "failing", CellStage.Prod, "eu-west", "eu-west-1b", "process", "1.1.0", 80, 80, 1000, CellSignals.None, [], [new FleetAlarm("unhealthy", "critical", "Health probes are failing: refused")], Deployment: "dep-3"),
        };
        var summary = new FleetSummary(
            2,
            new Dictionary<string, int> { ["Active"] = 1, ["Unhealthy"] = 1 },
            new Dictionary<string, int> { ["healthy"] = 1, ["failing"] = 1 },
            new Dictionary<string, int> { ["1.0.0"] = 1, ["1.1.0"] = 1 },
            200,
            busy,
            1,
            [new FleetApproval("dep-3", "2.0.0", 1, ["c2"], Samples.Created)],
            true,
            null,
            Samples.Now.AddSeconds(-1),
            30,
            2,
            150);
        return new FleetPage(rows, 0, 2, 2, "p99", true, summary);
    }
}
