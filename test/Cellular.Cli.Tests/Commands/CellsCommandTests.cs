using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Commands;

public sealed class CellsCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task List_Cells_PrintsTableWithStatesAndLoad()
    {
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView>
        {
            Samples.Cell("c1", tenants: 4, load: 40),
            Samples.Cell("c2", CellState.Draining, endpoint: "http://127.0.0.1:5101"),
        });
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "list", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("c1", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Draining", cli.Out, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5101", cli.Out, StringComparison.Ordinal);
        Assert.Contains("40/1000 (4%)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("2 cells: 1 Active, 1 Draining", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Json_PrintsParseableArray()
    {
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView> { Samples.Cell("c1") });
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "list", "--json", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal("c1", document.RootElement[0].GetProperty("id").GetString());
        Assert.Equal("Active", document.RootElement[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_ApiFromEnvironment_UsesIt()
    {
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView>());
        var cli = new CliHarness(new Dictionary<string, string> { ["CELLULAR_API"] = _fake.Url.ToString(), ["CELLULAR_TOKEN"] = FakeControlPlane.Token });

        var code = await cli.RunAsync("cells", "list");

        Assert.Equal(0, code);
        Assert.Contains("No cells yet", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Conflict_PrintsTitleAndDetailAndFails()
    {
        _fake.RespondProblem("POST", "/api/v1/cells", 409, "Cell id taken", "A cell named 'c1' already exists.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "create", "c1", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Contains("error: Cell id taken (HTTP 409)", cli.Error, StringComparison.Ordinal);
        Assert.Contains("A cell named 'c1' already exists.", cli.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, cli.Out);
    }

    [Fact]
    public async Task Create_AllOptions_SendsThemAndPrintsCell()
    {
        _fake.RespondJson("POST", "/api/v1/cells", 201, Samples.Cell("s1", provider: "static", endpoint: "http://10.0.0.5:8080"));
        var cli = new CliHarness();

        var code = await cli.RunAsync(
            "cells", "create", "s1", "--provider", "static", "--endpoint", "http://10.0.0.5:8080", "--region", "eu", "--zone", "eu-1",
            "--stage", "dev", "--capacity", "50", "--label", "team=payments", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal("static", body.RootElement.GetProperty("provider").GetString());
        Assert.Equal("http://10.0.0.5:8080", body.RootElement.GetProperty("endpoint").GetString());
        Assert.Equal("dev", body.RootElement.GetProperty("stage").GetString());
        Assert.Equal(50, body.RootElement.GetProperty("capacity").GetInt32());
        Assert.Equal("payments", body.RootElement.GetProperty("labels").GetProperty("team").GetString());
        Assert.Contains("Created cell s1", cli.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("drain", CellState.Draining)]
    [InlineData("activate", CellState.Active)]
    [InlineData("quarantine", CellState.Quarantined)]
    [InlineData("retire", CellState.Retired)]
    public async Task StateChange_Accepted_PostsActionAndPrintsNewState(string action, CellState state)
    {
        _fake.RespondJson("POST", $"/api/v1/cells/c2/{action}", 200, Samples.Cell("c2", state));
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", action, "c2", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains($"Cell c2 is now {state}.", cli.Out, StringComparison.Ordinal);
        Assert.Equal("Bearer " + FakeControlPlane.Token, Assert.Single(_fake.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Retire_WithTenants_PrintsConflict()
    {
        _fake.RespondProblem("POST", "/api/v1/cells/c1/retire", 409, "Cell not empty", "Cell 'c1' still holds 3 tenants.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "retire", "c1", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Contains("Cell 'c1' still holds 3 tenants.", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NothingListening_SaysIsCellctlUpRunning()
    {
        var cli = new CliHarness();
        var url = $"http://127.0.0.1:{FreePort.Get()}";

        var code = await cli.RunAsync("cells", "list", "--api", url);

        Assert.Equal(1, code);
        Assert.Contains($"cannot reach the control plane at {url} — is `cellctl up` running?", cli.Error, StringComparison.Ordinal);
    }
}
