using System.Net;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.ControlPlane.Tests.Migrations;

/// <summary>A real migration's switch reaches routers as a routing-table delta.</summary>
[Collection(NotesCellsCollection.Name)]
public sealed class MigrationDeltaTests(NotesCells cells)
{
    [Fact]
    public async Task Migrate_Switch_DeltaUpsertsTheTenantOnTheTargetAtTheNewEpoch()
    {
        await using var harness = await MigrationHarness.StartAsync(cells);
        var tenant = MigrationHarness.NewTenant("delta");
        var bystander = MigrationHarness.NewTenant("still");
        await harness.CreateTenantAsync(tenant, "c1", weight: 2);
        await harness.CreateTenantAsync(bystander, "c1");
        var before = await harness.Client.GetTableAsync();

        var migration = await harness.MigrateAsync(tenant, "c2");
        await harness.WaitForAsync(migration.Id, MigrationState.Soak);
        using var response = await harness.Client.GetAsync(new Uri($"/api/v1/routing-table/delta?since={before.Version}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delta = await response.ReadAsync(CellularJsonContext.Default.RoutingTableDelta);
        Assert.Equal(new TenantRouteSpec(tenant, "c2", 2, Pinned: false, Weight: 2), Assert.Single(delta.Upserts));
        Assert.Empty(delta.Removals);
        var table = RoutingTable.FromSnapshot(before).ApplyDelta(delta);
        var full = RoutingTable.FromSnapshot(await harness.Client.GetTableAsync());
        Assert.Equal(full.Version, table.Version);
        foreach (var key in new[] { tenant, bystander })
        {
            var (expected, actual) = (full.Lookup(key), table.Lookup(key));
            Assert.Equal((full.Cells[expected.CellIndex].Id, expected.Epoch, expected.Rule), (table.Cells[actual.CellIndex].Id, actual.Epoch, actual.Rule));
        }
    }
}
