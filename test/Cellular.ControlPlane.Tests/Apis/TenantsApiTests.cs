using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Apis;

public sealed class TenantsApiTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cp-tenants");
    private readonly List<FakeCell> _cells = [];
    private ControlPlaneApp _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new ControlPlaneApp(_root.Path);
        _client = _app.Client();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        foreach (var cell in _cells)
        {
            await cell.DisposeAsync();
        }

        _root.Dispose();
    }

    [Fact]
    public async Task CreateTenant_SeveralActiveCells_PicksLeastUtilised()
    {
        await AddCellAsync("a", "\"capacity\":10");
        await AddCellAsync("b", "\"capacity\":100");
        await AddCellAsync("c", "\"capacity\":10");
        await _client.CreateTenantAsync("""{"id":"big-a","cell":"a","weight":5}""");   // a: 50 %
        await _client.CreateTenantAsync("""{"id":"big-b","cell":"b","weight":30}""");  // b: 30 %
        await _client.CreateTenantAsync("""{"id":"big-c","cell":"c","weight":2}""");   // c: 20 %

        var placed = await _client.CreateTenantAsync("""{"id":"acme"}""");

        Assert.Equal("c", placed.Cell);
        Assert.Equal((1, 1L, false), (placed.Weight, placed.Epoch, placed.Pinned));
    }

    [Fact]
    public async Task CreateTenant_LeastUtilisedCellNotActive_SkipsIt()
    {
        await AddCellAsync("a", "\"capacity\":10");
        await AddCellAsync("b", "\"capacity\":10");
        await _client.CreateTenantAsync("""{"id":"t0","cell":"a","weight":5}""");
        (await _client.PostAsync("/api/v1/cells/b/drain", null)).Dispose();

        var placed = await _client.CreateTenantAsync("""{"id":"acme"}""");

        Assert.Equal("a", placed.Cell);
    }

    [Fact]
    public async Task CreateTenant_Region_PlacesOnlyInThatRegion()
    {
        await AddCellAsync("eu1", "\"region\":\"eu\",\"capacity\":10");
        await AddCellAsync("us1", "\"region\":\"us\",\"capacity\":10");
        await _client.CreateTenantAsync("""{"id":"t0","cell":"us1","weight":9}""");

        var placed = await _client.CreateTenantAsync("""{"id":"acme","region":"us"}""");

        Assert.Equal("us1", placed.Cell);
    }

    [Fact]
    public async Task CreateTenant_RegionWithoutRoom_Returns409()
    {
        await AddCellAsync("eu1", "\"region\":\"eu\",\"capacity\":100");
        await AddCellAsync("us1", "\"region\":\"us\",\"capacity\":1");
        await _client.CreateTenantAsync("""{"id":"t0","cell":"us1"}""");

        using var response = await _client.PostJsonAsync("/api/v1/tenants", """{"id":"acme","region":"us"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("region 'us'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTenant_NoCellHasRoom_Returns409AndStoresNothing()
    {
        await AddCellAsync("a", "\"capacity\":2");
        var version = await _client.GetVersionAsync();

        using var response = await _client.PostJsonAsync("/api/v1/tenants", """{"id":"acme","weight":3}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("room", detail, StringComparison.Ordinal);
        Assert.Equal(version, await _client.GetVersionAsync());
        using var get = await _client.GetAsync("/api/v1/tenants/acme");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task CreateTenant_NoActiveCell_Returns409()
    {
        using var response = await _client.PostJsonAsync("/api/v1/tenants", """{"id":"acme"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("no Active cell", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTenant_ExplicitCell_UsesItEvenWhenOthersAreEmptier()
    {
        await AddCellAsync("a", "\"capacity\":10");
        await AddCellAsync("b", "\"capacity\":10");
        await _client.CreateTenantAsync("""{"id":"t0","cell":"a","weight":8}""");

        var placed = await _client.CreateTenantAsync("""{"id":"acme","cell":"a","weight":2}""");

        Assert.Equal("a", placed.Cell);
    }

    [Fact]
    public async Task CreateTenant_ExplicitCellFull_Returns409()
    {
        await AddCellAsync("a", "\"capacity\":2");

        using var response = await _client.PostJsonAsync("/api/v1/tenants", """{"id":"acme","cell":"a","weight":3}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("no room", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTenant_ExplicitCellDraining_Returns409()
    {
        await AddCellAsync("a");
        (await _client.PostAsync("/api/v1/cells/a/drain", null)).Dispose();

        using var response = await _client.PostJsonAsync("/api/v1/tenants", """{"id":"acme","cell":"a"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("Draining", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTenant_ExplicitCellUnknown_Returns404()
    {
        await AddCellAsync("a");

        using var response = await _client.PostJsonAsync("/api/v1/tenants", """{"id":"acme","cell":"zz"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("'zz'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTenant_IdExists_Returns409()
    {
        await AddCellAsync("a");
        await _client.CreateTenantAsync("""{"id":"acme"}""");

        using var response = await _client.PostJsonAsync("/api/v1/tenants", """{"id":"acme"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already exists", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTenant_IdsDifferingOnlyInCase_AreDifferentTenants()
    {
        await AddCellAsync("a");

        await _client.CreateTenantAsync("""{"id":"Acme"}""");
        await _client.CreateTenantAsync("""{"id":"acme"}""");

        var page = await _client.GetFromJsonAsync("/api/v1/tenants", CellularJsonContext.Default.PageTenantView);
        Assert.Equal(["Acme", "acme"], page!.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task CreateTenant_ManyAtOnceForTheLastRoom_PlacesExactlyCapacity()
    {
        await AddCellAsync("a", "\"capacity\":10");

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => _client.PostJsonAsync("/api/v1/tenants", $$"""{"id":"t{{i}}"}""")));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var cell = await _client.GetFromJsonAsync("/api/v1/cells/a", CellularJsonContext.Default.CellView);
        Assert.Equal((10, 10), (cell!.Tenants, cell.Load));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ListTenants_Paged_WalksAllInIdOrder()
    {
        await AddCellAsync("a");
        foreach (var id in new[] { "t3", "t1", "t5", "t2", "t4" })
        {
            await _client.CreateTenantAsync($$"""{"id":"{{id}}"}""");
        }

        var first = await _client.GetFromJsonAsync("/api/v1/tenants?limit=2", CellularJsonContext.Default.PageTenantView);
        var second = await _client.GetFromJsonAsync($"/api/v1/tenants?limit=2&after={first!.Next}", CellularJsonContext.Default.PageTenantView);
        var last = await _client.GetFromJsonAsync($"/api/v1/tenants?limit=2&after={second!.Next}", CellularJsonContext.Default.PageTenantView);

        Assert.Equal(("t1,t2", "t2", 5), (Ids(first), first.Next, first.Total));
        Assert.Equal(("t3,t4", "t4", 5), (Ids(second), second.Next, second.Total));
        Assert.Equal(("t5", (string?)null, 5), (Ids(last!), last!.Next, last.Total));
    }

    [Fact]
    public async Task ListTenants_DefaultLimit_Is100()
    {
        await AddCellAsync("a", "\"capacity\":500");
        for (var i = 0; i < 101; i++)
        {
            await _client.CreateTenantAsync($$"""{"id":"t{{i:D3}}"}""");
        }

        var page = await _client.GetFromJsonAsync("/api/v1/tenants", CellularJsonContext.Default.PageTenantView);

        Assert.Equal((100, "t099", 101), (page!.Items.Count, page.Next, page.Total));
    }

    [Fact]
    public async Task GetTenant_ExistingAndUnknown_Returns200And404()
    {
        await AddCellAsync("a");
        await _client.CreateTenantAsync("""{"id":"acme","weight":4}""");

        var tenant = await _client.GetFromJsonAsync("/api/v1/tenants/acme", CellularJsonContext.Default.TenantView);
        using var missing = await _client.GetAsync("/api/v1/tenants/nobody");

        Assert.Equal(("acme", "a", 4), (tenant!.Id, tenant.Cell, tenant.Weight));
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PinAndUnpin_Tenant_PublishedAsPinRuleThenAssignment()
    {
        await AddCellAsync("a");
        await _client.CreateTenantAsync("""{"id":"acme"}""");

        using var pin = await _client.PostAsync("/api/v1/tenants/acme/pin", null);
        var pinnedTable = RoutingTable.FromSnapshot(await _client.GetTableAsync());
        using var unpin = await _client.PostAsync("/api/v1/tenants/acme/unpin", null);
        var unpinnedTable = RoutingTable.FromSnapshot(await _client.GetTableAsync());

        Assert.True((await pin.ReadAsync(CellularJsonContext.Default.TenantView)).Pinned);
        Assert.False((await unpin.ReadAsync(CellularJsonContext.Default.TenantView)).Pinned);
        Assert.Equal(RouteRule.Pin, pinnedTable.Lookup("acme").Rule);
        Assert.Equal(RouteRule.Assignment, unpinnedTable.Lookup("acme").Rule);
        Assert.Equal("a", pinnedTable.Cells[pinnedTable.Lookup("acme").CellIndex].Id);
    }

    [Fact]
    public async Task Pin_UnknownTenant_Returns404()
    {
        using var response = await _client.PostAsync("/api/v1/tenants/nobody/pin", null);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static string Ids(Page<TenantView> page) => string.Join(',', page.Items.Select(t => t.Id));

    private async Task AddCellAsync(string id, string extra = "")
    {
        var cell = await FakeCell.StartAsync(id);
        _cells.Add(cell);
        await _client.CreateStaticCellAsync(cell, extra);
    }
}
