using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Apis;

public sealed class CellsApiTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-cells");
    private readonly ControlPlaneApp _app;
    private readonly HttpClient _client;

    public CellsApiTests()
    {
        _app = new ControlPlaneApp(_root.Path);
        _client = _app.Client();
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task CreateCell_StaticEndpointAnswersHealth_Returns201Active()
    {
        await using var cell = await FakeCell.StartAsync("c1");

        using var response = await _client.PostJsonAsync(
            "/api/v1/cells",
            $$"""{"id":"c1","provider":"static","endpoint":"{{cell.Endpoint}}/","region":"eu","zone":"eu-a","stage":"dev","capacity":50,"labels":{"team":"core"},"version":"2.0.0"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/cells/c1", response.Headers.Location?.OriginalString);
        var view = await response.ReadAsync(CellularJsonContext.Default.CellView);
        Assert.Equal(("c1", "eu", "eu-a", CellStage.Dev, 50, cell.Endpoint, CellState.Active, "static", "2.0.0"),
            (view.Id, view.Region, view.Zone, view.Stage, view.Capacity, view.Endpoint, view.State, view.Provider, view.Version));
        Assert.Equal("core", view.Labels["team"]);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"stage\":\"dev\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Active\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCell_EndpointWithoutProvider_DefaultsToStaticAndDefaults()
    {
        await using var cell = await FakeCell.StartAsync("c1");

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","endpoint":"{{cell.Endpoint}}"}""");

        var view = await response.ReadAsync(CellularJsonContext.Default.CellView);
        Assert.Equal(("static", "local", "local-a", CellStage.Prod, 1000, "1.0.0"), (view.Provider, view.Region, view.Zone, view.Stage, view.Capacity, view.Version));
    }

    [Fact]
    public async Task CreateCell_StaticEndpointUnreachable_Returns502AndStoresNothing()
    {
        var deadEndpoint = $"http://127.0.0.1:{FreePort.Next()}";
        var before = await _client.GetVersionAsync();

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","provider":"static","endpoint":"{{deadEndpoint}}"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains(deadEndpoint, detail, StringComparison.Ordinal);
        using var get = await _client.GetAsync("/api/v1/cells/c1");
        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await _client.GetTableAsync()).Cells, c => c.Id == "c1");
        Assert.True(await _client.GetVersionAsync() > before);
    }

    [Fact]
    public async Task CreateCell_StaticHealthAnswers503_Returns502()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        cell.HealthStatus = 503;

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","endpoint":"{{cell.Endpoint}}"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("503", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCell_EndpointIsAnotherCell_Returns502()
    {
        await using var cell = await FakeCell.StartAsync("c1", reportedId: "other");

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","endpoint":"{{cell.Endpoint}}"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("answers as another cell", detail, StringComparison.Ordinal);

        // What answered there is not echoed back to the caller.
        Assert.DoesNotContain("'other'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCell_IdTaken_Returns409()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        await using var other = await FakeCell.StartAsync("c1");
        await _client.CreateStaticCellAsync(cell);

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","endpoint":"{{other.Endpoint}}"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already exists", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCell_EndpointOfAnotherCell_Returns409()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        await _client.CreateStaticCellAsync(cell);

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c2","endpoint":"{{cell.Endpoint}}"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("'c1'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndGet_TwoCells_ReturnsBothOrderedById()
    {
        await using var b = await FakeCell.StartAsync("b");
        await using var a = await FakeCell.StartAsync("a");
        await _client.CreateStaticCellAsync(b);
        await _client.CreateStaticCellAsync(a);

        var list = await _client.GetFromJsonAsync("/api/v1/cells", CellularJsonContext.Default.ListCellView);
        var one = await _client.GetFromJsonAsync("/api/v1/cells/b", CellularJsonContext.Default.CellView);

        Assert.Equal(["a", "b"], list!.Select(c => c.Id));
        Assert.Equal(b.Endpoint, one!.Endpoint);
    }

    [Fact]
    public async Task GetCell_Unknown_Returns404Problem()
    {
        using var response = await _client.GetAsync("/api/v1/cells/nope");

        var detail = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("'nope'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainQuarantineActivate_ActiveCell_ChangesStateAndPublishesIt()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        await _client.CreateStaticCellAsync(cell);

        foreach (var (action, state) in new[] { ("drain", CellState.Draining), ("quarantine", CellState.Quarantined), ("activate", CellState.Active) })
        {
            using var response = await _client.PostAsync($"/api/v1/cells/c1/{action}", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(state, (await response.ReadAsync(CellularJsonContext.Default.CellView)).State);
            Assert.Equal(state, (await _client.GetTableAsync()).Cells.Single(c => c.Id == "c1").State);
        }
    }

    [Fact]
    public async Task Activate_StaticCellNoLongerHealthy_Returns502AndKeepsState()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        await _client.CreateStaticCellAsync(cell);
        (await _client.PostAsync("/api/v1/cells/c1/quarantine", null)).Dispose();
        cell.HealthStatus = 500;

        using var response = await _client.PostAsync("/api/v1/cells/c1/activate", null);

        await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal(CellState.Quarantined, (await _client.GetFromJsonAsync("/api/v1/cells/c1", CellularJsonContext.Default.CellView))!.State);
    }

    [Fact]
    public async Task Retire_CellWithTenants_Returns409AndKeepsCell()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        await _client.CreateStaticCellAsync(cell);
        await _client.CreateTenantAsync("""{"id":"acme"}""");

        using var response = await _client.PostAsync("/api/v1/cells/c1/retire", null);

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("1 tenant", detail, StringComparison.Ordinal);
        Assert.Equal(CellState.Active, (await _client.GetTableAsync()).Cells.Single(c => c.Id == "c1").State);
    }

    [Fact]
    public async Task Retire_EmptyCell_RetiresItDropsItFromTableAndRefusesFurtherChanges()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        await _client.CreateStaticCellAsync(cell);

        using var retire = await _client.PostAsync("/api/v1/cells/c1/retire", null);
        using var activate = await _client.PostAsync("/api/v1/cells/c1/activate", null);
        using var again = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","endpoint":"{{cell.Endpoint}}"}""");

        Assert.Equal(CellState.Retired, (await retire.ReadAsync(CellularJsonContext.Default.CellView)).State);
        Assert.DoesNotContain((await _client.GetTableAsync()).Cells, c => c.Id == "c1");
        Assert.Contains("retired", await activate.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("never reused", await again.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_AlreadyDraining_Returns200WithoutNewVersion()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        await _client.CreateStaticCellAsync(cell);
        (await _client.PostAsync("/api/v1/cells/c1/drain", null)).Dispose();
        var version = await _client.GetVersionAsync();

        using var response = await _client.PostAsync("/api/v1/cells/c1/drain", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(version, await _client.GetVersionAsync());
    }
}
