using System.Net;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.ControlPlane.Tests.Fleet;

public sealed class TenantRouteApiTests
{
    [Fact]
    public async Task Route_PinAssignmentAndUnknown_ExplainedLikeTheRouter()
    {
        await using var fleet = new FleetTestApp(withRouter: false);
        await fleet.AddCellAsync("a");
        await fleet.Client.CreateTenantAsync("""{"id":"acme","cell":"a","weight":3}""");
        await fleet.Client.CreateTenantAsync("""{"id":"pinned","cell":"a"}""");
        (await fleet.Client.PostAsync("/api/v1/tenants/pinned/pin", null)).Dispose();
        var version = await fleet.Client.GetVersionAsync();

        var acme = await GetRouteAsync(fleet.Client, "acme");
        var pinned = await GetRouteAsync(fleet.Client, "pinned");
        var unknown = await GetRouteAsync(fleet.Client, "nobody");

        Assert.Equal((true, "a", "assignment", version, $"assignment; v={version}", 1L, false, (int?)3, (CellState?)CellState.Active), (acme.Known, acme.Cell, acme.Rule, acme.TableVersion, acme.Route, acme.Epoch, acme.Pinned, acme.Weight, acme.CellState));
        Assert.Empty(acme.Moves);
        Assert.Equal(("pin", $"pin; v={version}", true), (pinned.Rule, pinned.Route, pinned.Pinned));

        // The default fallback rejects keys it does not know.
        Assert.Equal((false, null, "none", $"none; v={version}", 0L, (int?)null), (unknown.Known, unknown.Cell, unknown.Rule, unknown.Route, unknown.Epoch, unknown.Weight));
    }

    [Fact]
    public async Task Route_UnknownTenantWithHashFallback_GivesTheFallbacksCell()
    {
        await using var fleet = new FleetTestApp(withRouter: false, new Dictionary<string, string?> { ["Cellular:ControlPlane:Fallback:Kind"] = "consistent-hash" });
        await fleet.AddCellAsync("a");
        await fleet.AddCellAsync("b");
        await fleet.AddCellAsync("c");
        var published = RoutingTable.FromSnapshot(await fleet.Client.GetTableAsync());

        foreach (var key in new[] { "walk-in", "guest-1", "guest-2", "guest-3" })
        {
            var route = await GetRouteAsync(fleet.Client, key);
            var expected = published.Lookup(key);

            Assert.Equal((false, published.Cells[expected.CellIndex].Id, "consistent-hash"), (route.Known, route.Cell, route.Rule));
            Assert.Equal(published.RouteHeader(expected.Rule), route.Route);
        }
    }

    [Fact]
    public async Task Route_InvalidId_Returns400()
    {
        await using var fleet = new FleetTestApp(withRouter: false);

        using var response = await fleet.Client.GetAsync("/api/v1/tenants/bad%20id!/route");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Lists_FilteredByCellOrTarget()
    {
        await using var fleet = new FleetTestApp(withRouter: false);
        await fleet.AddCellAsync("a");
        await fleet.AddCellAsync("b");
        await fleet.Client.CreateTenantAsync("""{"id":"t1","cell":"a"}""");
        await fleet.Client.CreateTenantAsync("""{"id":"t2","cell":"b"}""");
        await fleet.Client.CreateTenantAsync("""{"id":"t3","cell":"a"}""");

        using var tenants = await fleet.Client.GetAsync("/api/v1/tenants?cell=a&limit=1");
        var page = await tenants.ReadAsync(CellularJsonContext.Default.PageTenantView);
        Assert.Equal(["t1"], page.Items.Select(t => t.Id));
        Assert.Equal(("t1", 2), (page.Next, page.Total));
        using var next = await fleet.Client.GetAsync("/api/v1/tenants?cell=a&after=t1");
        Assert.Equal(["t3"], (await next.ReadAsync(CellularJsonContext.Default.PageTenantView)).Items.Select(t => t.Id));

        using var audit = await fleet.Client.GetAsync("/api/v1/audit?target=cell/b");
        var entries = await audit.ReadAsync(CellularJsonContext.Default.PageAuditEntry);
        Assert.NotEmpty(entries.Items);
        Assert.All(entries.Items, e => Assert.Equal("cell/b", e.Target));
        Assert.Equal(entries.Items.Count, entries.Total);

        foreach (var list in new[] { "migrations", "experiments", "deployments" })
        {
            using var response = await fleet.Client.GetAsync($"/api/v1/{list}?cell=a");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("[]", await response.Content.ReadAsStringAsync());
            using var bad = await fleet.Client.GetAsync($"/api/v1/{list}?cell=Not!A-Cell");
            Assert.Contains("'cell'", await bad.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }
    }

    private static async Task<TenantRoute> GetRouteAsync(HttpClient client, string tenant)
    {
        using var response = await client.GetAsync($"/api/v1/tenants/{tenant}/route");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync(CellularJsonContext.Default.TenantRoute);
    }
}
