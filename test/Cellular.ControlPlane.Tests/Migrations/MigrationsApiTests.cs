using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Tests.Migrations;

/// <summary>What the migration API refuses, and how (problem+json with a message for the operator).</summary>
[Collection(NotesCellsCollection.Name)]
public sealed class MigrationsApiTests(NotesCells cells) : IAsyncLifetime
{
    private readonly TestCheckpoints _checkpoints = new();
    private MigrationHarness _harness = null!;
    private CheckpointGate _gate = null!;

    public async Task InitializeAsync()
    {
        // Migrations that start stay in Copying until the test releases them.
        _gate = _checkpoints.Gate(MigrationCheckpoints.CopyingStarted);
        _harness = await MigrationHarness.StartAsync(cells, ["c1", "c2", "c3"], checkpoints: _checkpoints, cellExtra: "\"capacity\":10");
    }

    public async Task DisposeAsync()
    {
        _gate.Released.TrySetResult();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Create_UnknownTenantOrCell_Returns404()
    {
        var tenant = await NewTenantAsync("c1");

        using var noTenant = await _harness.PostMigrationAsync("""{"tenant":"nobody-here","to":"c2"}""");
        using var noCell = await _harness.PostMigrationAsync($$"""{"tenant":"{{tenant}}","to":"c9"}""");

        Assert.Contains("nobody-here", await noTenant.AssertProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("c9", await noCell.AssertProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InvalidBody_Returns400()
    {
        using var unknownField = await _harness.PostMigrationAsync("""{"tenant":"acme","forse":true}""");
        using var noTenant = await _harness.PostMigrationAsync("""{"to":"c2"}""");
        using var badCell = await _harness.PostMigrationAsync("""{"tenant":"acme","to":"Not A Cell"}""");

        Assert.Contains("forse", await unknownField.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await noTenant.AssertProblemAsync(HttpStatusCode.BadRequest);
        await badCell.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_ToTheTenantsOwnCell_Returns409()
    {
        var tenant = await NewTenantAsync("c1");

        using var response = await _harness.PostMigrationAsync($$"""{"tenant":"{{tenant}}","to":"c1"}""");

        Assert.Contains("already lives in cell 'c1'", await response.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PinnedTenant_Returns409UnlessForced()
    {
        var tenant = await NewTenantAsync("c1");
        using (await _harness.Client.PostAsync(new Uri($"/api/v1/tenants/{tenant}/pin", UriKind.Relative), null))
        {
        }

        using var refused = await _harness.PostMigrationAsync($$"""{"tenant":"{{tenant}}","to":"c2"}""");
        var forced = await _harness.MigrateAsync(tenant, "c2", "\"force\":true");

        Assert.Contains("pinned", await refused.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.True(forced.Force);
    }

    [Fact]
    public async Task Create_TenantAlreadyMoving_Returns409NamingTheMigration()
    {
        var tenant = await NewTenantAsync("c1");
        var first = await _harness.MigrateAsync(tenant, "c2");

        using var second = await _harness.PostMigrationAsync($$"""{"tenant":"{{tenant}}","to":"c3"}""");

        Assert.Contains(first.Id, await second.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutTarget_PlacementChoosesTheLeastUtilisedOtherCellCountingReservations()
    {
        await NewTenantAsync("c2", weight: 3);
        var first = await NewTenantAsync("c1", weight: 4);
        var second = await NewTenantAsync("c1", weight: 4);

        var toC3 = await _harness.MigrateAsync(first);
        var toC2 = await _harness.MigrateAsync(second);

        // c3 is empty but 4 of its 10 units are promised to the first move; c2 holds 3.
        Assert.Equal(("c3", "c2"), (toC3.To, toC2.To));
    }

    [Fact]
    public async Task Create_TargetFullOnceReservationsCount_Returns409()
    {
        var first = await NewTenantAsync("c1", weight: 6);
        var second = await NewTenantAsync("c2", weight: 6);
        await _harness.MigrateAsync(first, "c3");

        using var full = await _harness.PostMigrationAsync($$"""{"tenant":"{{second}}","to":"c3"}""");

        Assert.Contains("6 more are reserved", await full.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_PlannedMigration_EndsAtOnceWithoutBurningTheEpoch()
    {
        var running = await _harness.MigrateAsync(await NewTenantAsync("c1"), "c2");
        await _gate.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var tenant = await NewTenantAsync("c1");
        var queued = await _harness.MigrateAsync(tenant, "c3");

        using var response = await _harness.Client.PostAsync(new Uri($"/api/v1/migrations/{queued.Id}/abort", UriKind.Relative), null);
        var aborted = await response.ReadAsync(CellularJsonContext.Default.Migration);
        using var again = await _harness.Client.PostAsync(new Uri($"/api/v1/migrations/{queued.Id}/abort", UriKind.Relative), null);

        Assert.Equal(MigrationState.Copying, (await _harness.GetMigrationAsync(running.Id)).State);
        Assert.Equal((HttpStatusCode.OK, MigrationState.Aborted), (response.StatusCode, aborted.State));
        Assert.Equal(1, (await _harness.RouteAsync(tenant)).Epoch);
        Assert.Contains("already ended Aborted", await again.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reverse_BeforeTheSwitch_Returns409()
    {
        var migration = await _harness.MigrateAsync(await NewTenantAsync("c1"), "c2");
        await _gate.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));

        using var reverse = await _harness.Client.PostAsync(new Uri($"/api/v1/migrations/{migration.Id}/reverse", UriKind.Relative), null);

        Assert.Contains("has not switched", await reverse.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_AfterTheSwitch_Returns409PointingToReverse()
    {
        _gate.Released.TrySetResult();
        var migration = await _harness.MigrateAsync(await NewTenantAsync("c1"), "c2");
        await _harness.WaitForAsync(migration.Id, MigrationState.Soak);

        using var abort = await _harness.Client.PostAsync(new Uri($"/api/v1/migrations/{migration.Id}/abort", UriKind.Relative), null);

        Assert.Contains("Reverse it instead", await abort.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FiltersByStateAndTenant_AndRefusesAnUnknownState()
    {
        var tenant = await NewTenantAsync("c1");
        var migration = await _harness.MigrateAsync(tenant, "c2");
        await _harness.MigrateAsync(await NewTenantAsync("c3"), "c2");

        var byTenant = await _harness.Client.GetFromJsonAsync($"/api/v1/migrations?tenant={tenant}", CellularJsonContext.Default.ListMigration);
        var aborted = await _harness.Client.GetFromJsonAsync("/api/v1/migrations?state=aborted", CellularJsonContext.Default.ListMigration);
        using var badState = await _harness.Client.GetAsync(new Uri("/api/v1/migrations?state=Sideways", UriKind.Relative));
        using var unknown = await _harness.Client.GetAsync(new Uri("/api/v1/migrations/mig-999", UriKind.Relative));

        Assert.Equal(migration.Id, Assert.Single(byTenant!).Id);
        Assert.Empty(aborted!);
        Assert.Contains("Planned", await badState.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task EvacuateAndRebalance_BadInput_AreRefused()
    {
        using var unknownCell = await _harness.Client.PostAsync(new Uri("/api/v1/cells/c9/evacuate", UriKind.Relative), null);
        using var badForce = await _harness.Client.PostAsync(new Uri("/api/v1/cells/c1/evacuate?force=maybe", UriKind.Relative), null);
        using var badThreshold = await _harness.Client.PostJsonAsync("/api/v1/rebalance", """{"threshold":1.5}""");
        using var badMoves = await _harness.Client.PostJsonAsync("/api/v1/rebalance", """{"maxMoves":0}""");

        await unknownCell.AssertProblemAsync(HttpStatusCode.NotFound);
        await badForce.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("threshold", await badThreshold.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("maxMoves", await badMoves.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    private async Task<string> NewTenantAsync(string cell, int weight = 1)
    {
        var tenant = MigrationHarness.NewTenant("api");
        await _harness.CreateTenantAsync(tenant, cell, weight);
        return tenant;
    }
}
