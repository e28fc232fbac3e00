using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Migrations;

/// <summary>Evacuation and rebalancing over three real Notes cells.</summary>
[Collection(NotesCellsCollection.Name)]
public sealed class EvacuateAndRebalanceTests(NotesCells cells)
{
    [Fact]
    public async Task Evacuate_CellWithTenants_DrainsItAndMovesThemOneAtATimeToTheLeastUtilisedCells()
    {
        var checkpoints = new TestCheckpoints();
        await using var harness = await MigrationHarness.StartAsync(cells, ["c1", "c2", "c3"], checkpoints: checkpoints);
        var busiest = 0;
        checkpoints.OnReached = async (_, _, ct) =>
        {
            var unfinished = await harness.Service<IStoreDatabase>().ReadAsync(harness.Service<MigrationStore>().ListUnfinishedAsync, ct);
            var busy = unfinished.Count(m => m.From == "c1" && m.State.IsBusy());
            InterlockedMax(ref busiest, busy);
        };
        var tenants = Enumerable.Range(1, 3).Select(_ => MigrationHarness.NewTenant("evac")).Order(StringComparer.Ordinal).ToList();
        foreach (var tenant in tenants)
        {
            await harness.CreateTenantAsync(tenant, "c1");
            await cells.C1.WriteNotesAsync(tenant, 1, tenant);
        }

        var pinned = MigrationHarness.NewTenant("pinned");
        await harness.CreateTenantAsync(pinned, "c1");
        using (await harness.Client.PostAsync(new Uri($"/api/v1/tenants/{pinned}/pin", UriKind.Relative), null))
        {
        }

        using var response = await harness.Client.PostAsync(new Uri("/api/v1/cells/c1/evacuate", UriKind.Relative), null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var evacuation = await response.ReadAsync(CellularJsonContext.Default.CellEvacuation);
        foreach (var migration in evacuation.Migrations)
        {
            await harness.WaitForAsync(migration.Id, MigrationState.Soak);
        }

        Assert.Equal(("c1", CellState.Draining), (evacuation.Cell, evacuation.State));
        Assert.Equal(tenants, evacuation.Migrations.Select(m => m.Tenant));
        Assert.Equal(["c2", "c3", "c2"], evacuation.Migrations.Select(m => m.To));
        Assert.Equal(pinned, Assert.Single(evacuation.Skipped).Tenant);
        Assert.Equal(1, busiest);
        harness.PassSoak();
        foreach (var migration in evacuation.Migrations)
        {
            await harness.WaitForAsync(migration.Id, MigrationState.Complete);
            Assert.Equal([migration.Tenant], await cells[migration.To].NoteTextsAsync(migration.Tenant));
        }

        var c1 = (await harness.Client.GetFromJsonAsync("/api/v1/cells/c1", CellularJsonContext.Default.CellView))!;
        Assert.Equal((CellState.Draining, 1), (c1.State, c1.Tenants));
    }

    [Fact]
    public async Task Rebalance_DryRun_PlansTheMoveThatGainsMostBalancePerRowAndCreatesNothing()
    {
        await using var harness = await MigrationHarness.StartAsync(cells, ["c1", "c2", "c3"], cellExtra: "\"capacity\":10");
        var big = MigrationHarness.NewTenant("big");
        var small = MigrationHarness.NewTenant("small");
        var wide = MigrationHarness.NewTenant("wide");
        var other = MigrationHarness.NewTenant("other");
        await harness.CreateTenantAsync(big, "c1", weight: 4);
        await harness.CreateTenantAsync(small, "c1", weight: 3);
        await harness.CreateTenantAsync(wide, "c1", weight: 2);
        await harness.CreateTenantAsync(other, "c2", weight: 1);
        await cells.C1.WriteNotesAsync(big, 1, "1", "2", "3", "4", "5");
        await cells.C1.WriteNotesAsync(small, 1, "1");
        await cells.C1.WriteNotesAsync(wide, 1, [.. Enumerable.Range(1, 10).Select(i => $"{i}")]);

        using var response = await harness.Client.PostJsonAsync("/api/v1/rebalance", """{"threshold":0.8,"dryRun":true}""");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var plan = await response.ReadAsync(CellularJsonContext.Default.RebalancePlan);

        Assert.Equal((0.8, true), (plan.Threshold, plan.DryRun));
        Assert.Equal([new RebalanceMove(small, "c1", "c3", 3, 1, "rows", 0.6, 0.3)], plan.Moves);
        Assert.Equal([new CellUtilisation("c1", 9, 10, 0.9), new CellUtilisation("c2", 1, 10, 0.1), new CellUtilisation("c3", 0, 10, 0)], plan.Before);
        Assert.Equal([new CellUtilisation("c1", 6, 10, 0.6), new CellUtilisation("c2", 1, 10, 0.1), new CellUtilisation("c3", 3, 10, 0.3)], plan.After);
        Assert.Empty(plan.Migrations);
        Assert.Empty((await harness.Client.GetFromJsonAsync("/api/v1/migrations", CellularJsonContext.Default.ListMigration))!);

        using var apply = await harness.Client.PostJsonAsync("/api/v1/rebalance", """{"threshold":0.8}""");
        var applied = await apply.ReadAsync(CellularJsonContext.Default.RebalancePlan);
        var migration = Assert.Single(applied.Migrations);
        await harness.WaitForAsync(migration.Id, MigrationState.Soak);
        Assert.Equal("c3", (await harness.RouteAsync(small)).Cell);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
