using System.Net;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Migrations;

/// <summary>
/// A migration plan decides "is the tenant's cell or the target busy?" in the write transaction
/// that stores the plan, and the scheduler asks again in the transaction that starts it: other
/// work that takes the cell after a check cannot commit before the plan does, and a start never
/// follows a stale first look, so a migration never lands on a cell already given to other work.
/// </summary>
[Collection(NotesCellsCollection.Name)]
public sealed class MigrationPlanRaceTests(NotesCells cells)
{
    [Fact]
    public async Task Create_CellTakenByOtherWorkRightAfterTheBusyCheck_ThatWorkCommitsOnlyAfterThePlan()
    {
        var probe = new RacingGuard("c1");
        await using var harness = await MigrationHarness.StartAsync(cells, ["c1", "c2"], services: s => s.AddSingleton<ICellActivityGuard>(probe));
        var tenant = MigrationHarness.NewTenant("plan-race");
        await harness.CreateTenantAsync(tenant, "c1");

        var plan = Task.Run(() => harness.PostMigrationAsync($$"""{"tenant":"{{tenant}}","to":"c2"}"""));

        // The plan found c1 free and now waits a moment: other work marks c1 busy meanwhile.
        await probe.Checked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var store = harness.Service<IStoreDatabase>();
        var audit = harness.Service<AuditStore>();
        await store.WriteAsync(tx => audit.AppendAsync(tx, "test", RacingGuard.BusyAction, AuditDetail.CellTarget("c1"), null), CancellationToken.None);
        probe.Marked.TrySetResult();
        using var response = await plan;

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var migration = await response.ReadAsync(CellularJsonContext.Default.Migration);
        var order = await store.ReadAsync(
            async tx => (await tx.Connection.QueryAsync<string>(
                "SELECT action FROM audit WHERE action IN ('migration.create', @busy) ORDER BY id;",
                new { busy = RacingGuard.BusyAction },
                tx.Transaction)).ToList(),
            CancellationToken.None);
        Assert.Equal(["migration.create", RacingGuard.BusyAction], order);

        // The migration waits for c1 (the scheduler asks the guards too); abort it.
        using var abort = await harness.Client.PostAsync($"/api/v1/migrations/{migration.Id}/abort", null);
        Assert.True(abort.StatusCode == HttpStatusCode.OK, await abort.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Start_CellTakenByOtherWorkRightAfterTheSchedulersFirstLook_TheMigrationDoesNotStart()
    {
        // c2 is busy at first, so the planned migration waits; then c2 is freed and the race armed.
        var probe = new RacingGuard("c1") { Armed = false, AlsoBusy = "c2" };
        await using var harness = await MigrationHarness.StartAsync(cells, ["c1", "c2"], services: s => s.AddSingleton<ICellActivityGuard>(probe));
        var tenant = MigrationHarness.NewTenant("start-race");
        await harness.CreateTenantAsync(tenant, "c1");
        var store = harness.Service<IStoreDatabase>();
        var audit = harness.Service<AuditStore>();
        var planned = await harness.MigrateAsync(tenant); // placement picks c2; only a named target is checked at planning
        probe.AlsoBusy = null;
        probe.Armed = true;

        // The scheduler's read-only first look finds c1 and c2 free; other work marks c1 busy right then.
        harness.Service<MigrationScheduler>().Wake();
        await probe.Checked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await store.WriteAsync(tx => audit.AppendAsync(tx, "test", RacingGuard.BusyAction, AuditDetail.CellTarget("c1"), null), CancellationToken.None);
        probe.Marked.TrySetResult();

        // The start asks again in its own transaction, sees c1 busy and leaves the migration Planned.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(MigrationState.Planned, (await harness.GetMigrationAsync(planned.Id)).State);
        using var abort = await harness.Client.PostAsync($"/api/v1/migrations/{planned.Id}/abort", null);
        Assert.True(abort.StatusCode == HttpStatusCode.OK, await abort.Content.ReadAsStringAsync());
    }
}
