using System.Globalization;
using System.Net;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Xunit.Abstractions;

namespace Cellular.ControlPlane.Tests.Migrations;

/// <summary>Live migrations between two real Notes cells, driven by the control plane end to end.</summary>
[Collection(NotesCellsCollection.Name)]
public sealed class MigrationWorkflowTests(NotesCells cells, ITestOutputHelper output)
{
    [Fact]
    public async Task Migrate_HappyPath_MovesTheDataSwitchesTheEpochAndPurgesTheSourceAfterTheSoak()
    {
        await using var harness = await MigrationHarness.StartAsync(cells);
        var tenant = MigrationHarness.NewTenant("happy");
        await harness.CreateTenantAsync(tenant, "c1", weight: 3);
        await cells.C1.WriteNotesAsync(tenant, 1, "one", "two", "three");

        var planned = await harness.MigrateAsync(tenant, "c2");
        var soaking = await harness.WaitForAsync(planned.Id, MigrationState.Soak);

        Assert.Equal((MigrationState.Planned, "c1", "c2", 1L, 2L, 3), (planned.State, planned.From, planned.To, planned.FromEpoch, planned.Epoch, planned.Weight));
        var route = await harness.RouteAsync(tenant);
        Assert.Equal(("c2", 2L, 3), (route.Cell, route.Epoch, route.Weight));
        var source = await cells.C1.TenantAsync(tenant);
        var target = await cells.C2.TenantAsync(tenant);
        Assert.Equal((TenantOwnershipState.Moved, 2L, "c2"), (source.State, source.Epoch, source.MovedTo));
        Assert.Equal((TenantOwnershipState.Serving, 2L, 3L), (target.State, target.Epoch, target.Rows));
        var hash = await cells.C2.HashAsync(tenant);
        Assert.Equal(await cells.C1.HashAsync(tenant), hash);

        var report = soaking.Report;
        Assert.Equal(
            [MigrationState.Copying, MigrationState.CatchingUp, MigrationState.Verifying, MigrationState.Cutover, MigrationState.Switched, MigrationState.Soak],
            report.Phases.Select(p => p.Phase));
        Assert.All(report.Phases.SkipLast(1), p => Assert.NotNull(p.DurationMs));
        Assert.Equal(3, report.RowsCopied);
        Assert.True(report.BytesCopied > 0);
        Assert.True(report.Verification is { Passed: true, Consistent: true, SourceRows: 3, TargetRows: 3 }, report.Verification?.Detail);
        var cutover = report.Cutover!;
        Assert.Equal((hash.Value, hash.Value, 3L, 3L), (cutover.SourceHash, cutover.TargetHash, cutover.Rows, cutover.Position));
        Assert.True(cutover.FenceToJournalMs <= cutover.FenceToActivateMs && cutover.FenceToActivateMs <= cutover.FenceToPublishMs, $"{cutover}");
        output.WriteLine($"Write-unavailable window: fence→journal {cutover.FenceToJournalMs} ms, fence→activate {cutover.FenceToActivateMs} ms, fence→publish {cutover.FenceToPublishMs} ms (drain {cutover.DrainMs} ms).");

        using (var onTarget = await cells.C2.PostNoteAsync(tenant, 2, "four"))
        using (var stale = await cells.C1.PostNoteAsync(tenant, 1, "to the old cell"))
        {
            Assert.Equal(HttpStatusCode.Created, onTarget.StatusCode);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, stale.StatusCode);
            Assert.Equal("c2", Assert.Single(stale.Headers.GetValues(CellularHeaders.TenantOwner)));
        }

        harness.PassSoak();
        var complete = await harness.WaitForAsync(planned.Id, MigrationState.Complete);

        Assert.Null(complete.Reason);
        Assert.Equal((TenantOwnershipState.Moved, 0L), ((await cells.C1.TenantAsync(tenant)).State, (await cells.C1.TenantAsync(tenant)).Rows));
        Assert.Equal(["four", "one", "three", "two"], await cells.C2.NoteTextsAsync(tenant));
        var actions = (await harness.AuditAsync()).Where(a => a.Target == $"migration/{planned.Id}").Select(a => a.Action).Reverse();
        Assert.Equal(["migration.create", "migration.switch", "migration.complete"], actions);
    }

    [Fact]
    public async Task Migrate_WhileARouterLikeClientWrites_LosesNoAcknowledgedWrite()
    {
        await using var harness = await MigrationHarness.StartAsync(cells);
        var tenant = MigrationHarness.NewTenant("busy");
        await harness.CreateTenantAsync(tenant, "c1");
        var writer = new TableRoutedWriter(harness.Client, cells, tenant);
        using var stop = new CancellationTokenSource();
        var writing = writer.RunAsync(stop.Token);
        await writer.WaitForAsync(20, "c1");

        var migration = await harness.MigrateAsync(tenant, "c2");
        var soaking = await harness.WaitForAsync(migration.Id, MigrationState.Soak);
        await writer.WaitForAsync(20, "c2");
        await stop.CancelAsync();
        await writing;

        var onTarget = (await cells.C2.NoteTextsAsync(tenant)).ToHashSet(StringComparer.Ordinal);
        var acknowledged = writer.Acknowledged;
        Assert.All(acknowledged, a => Assert.Contains(a.Text, onTarget));
        Assert.Equal(acknowledged.Count, onTarget.Count);
        var cutover = soaking.Report.Cutover!;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{acknowledged.Count} writes acknowledged ({acknowledged.Count(a => a.Cell == "c1")} on c1, {acknowledged.Count(a => a.Cell == "c2")} on c2), {writer.Misdirected} refused with 421; catch-up {soaking.Report.CatchUpRounds} rounds, final sync {cutover.FinalSyncChanges} changes; window fence→journal {cutover.FenceToJournalMs} ms, fence→activate {cutover.FenceToActivateMs} ms, fence→publish {cutover.FenceToPublishMs} ms (drain {cutover.DrainMs} ms)."));
    }

    [Fact]
    public async Task Abort_DuringCutover_UnfencesTheSourcePurgesTheTargetAndBurnsTheEpoch()
    {
        var checkpoints = new TestCheckpoints();
        var gate = checkpoints.Gate(MigrationCheckpoints.SourceFenced);
        await using var harness = await MigrationHarness.StartAsync(cells, checkpoints: checkpoints);
        var tenant = MigrationHarness.NewTenant("abort");
        await harness.CreateTenantAsync(tenant, "c1");
        await cells.C1.WriteNotesAsync(tenant, 1, "kept");
        var migration = await harness.MigrateAsync(tenant, "c2");
        await gate.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(TenantOwnershipState.Fenced, (await cells.C1.TenantAsync(tenant)).State);

        using var response = await harness.Client.PostAsync(new Uri($"/api/v1/migrations/{migration.Id}/abort", UriKind.Relative), null);
        var aborted = await response.ReadAsync(CellularJsonContext.Default.Migration);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((MigrationState.Aborted, true), (aborted.State, aborted.AbortRequested));
        Assert.Contains("abort", aborted.Reason, StringComparison.OrdinalIgnoreCase);
        await AssertRolledBackAsync(harness, tenant, ["kept"]);
        var actions = (await harness.AuditAsync()).Where(a => a.Target == $"migration/{migration.Id}").Select(a => a.Action).Reverse();
        Assert.Equal(["migration.create", "migration.abort", "migration.aborted"], actions);
    }

    [Fact]
    public async Task Cutover_OverBudget_RollsBackAndTheSourceServesAgain()
    {
        var checkpoints = new TestCheckpoints();
        await using var harness = await MigrationHarness.StartAsync(
            cells,
            settings: new Dictionary<string, string?> { ["Cellular:ControlPlane:Migrations:CutoverBudget"] = "00:00:02" },
            checkpoints: checkpoints);
        checkpoints.OnReached = (_, checkpoint, _) =>
        {
            if (checkpoint == MigrationCheckpoints.SourceFenced)
            {
                // The drain "took" three seconds: the budget's deadline fires.
                harness.Clock.Advance(TimeSpan.FromSeconds(3));
            }

            return Task.CompletedTask;
        };
        var tenant = MigrationHarness.NewTenant("budget");
        await harness.CreateTenantAsync(tenant, "c1");
        await cells.C1.WriteNotesAsync(tenant, 1, "a", "b");

        var migration = await harness.MigrateAsync(tenant, "c2");
        var aborted = await harness.WaitForAsync(migration.Id, MigrationState.Aborted);

        Assert.Contains("budget of 2000 ms", aborted.Reason, StringComparison.Ordinal);
        Assert.Equal((2000L, 2L, (long?)null), (aborted.Report.Cutover!.BudgetMs, aborted.Report.Cutover.Position, aborted.Report.Cutover.FenceToJournalMs));
        await AssertRolledBackAsync(harness, tenant, ["a", "b"]);
    }

    [Fact]
    public async Task Reverse_AfterTheSwitch_BringsTheTenantBackWithEveryWriteMadeOnTheNewCell()
    {
        await using var harness = await MigrationHarness.StartAsync(cells);
        var tenant = MigrationHarness.NewTenant("reverse");
        await harness.CreateTenantAsync(tenant, "c1");
        await cells.C1.WriteNotesAsync(tenant, 1, "a", "b");
        var forth = await harness.MigrateAsync(tenant, "c2");
        await harness.WaitForAsync(forth.Id, MigrationState.Soak);
        await cells.C2.WriteNotesAsync(tenant, 2, "c", "d");

        using var response = await harness.Client.PostAsync(new Uri($"/api/v1/migrations/{forth.Id}/reverse", UriKind.Relative), null);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var back = await response.ReadAsync(CellularJsonContext.Default.Migration);
        await harness.WaitForAsync(back.Id, MigrationState.Soak);

        Assert.Equal(("c2", "c1", 2L, 3L, forth.Id), (back.From, back.To, back.FromEpoch, back.Epoch, back.ReverseOf));
        var original = await harness.GetMigrationAsync(forth.Id);
        Assert.Equal((MigrationState.Complete, back.Id), (original.State, original.ReversedBy));
        var route = await harness.RouteAsync(tenant);
        Assert.Equal(("c1", 3L), (route.Cell, route.Epoch));
        Assert.Equal(["a", "b", "c", "d"], await cells.C1.NoteTextsAsync(tenant));
        Assert.Equal(await cells.C2.HashAsync(tenant), await cells.C1.HashAsync(tenant));
        await cells.C1.WriteNotesAsync(tenant, 3, "e");
        using (var stale = await cells.C2.PostNoteAsync(tenant, 2, "to the old cell"))
        {
            Assert.Equal(HttpStatusCode.MisdirectedRequest, stale.StatusCode);
            Assert.Equal("c1", Assert.Single(stale.Headers.GetValues(CellularHeaders.TenantOwner)));
        }

        harness.PassSoak();
        await harness.WaitForAsync(back.Id, MigrationState.Complete);
        Assert.Equal(0, (await cells.C2.TenantAsync(tenant)).Rows);
    }

    /// <summary>The tenant is on c1 again at the burnt epoch 2 with its data (the source, fenced at 2, refuses epoch 1 now); c2's copy is gone.</summary>
    private async Task AssertRolledBackAsync(MigrationHarness harness, string tenant, string[] notes)
    {
        var route = await harness.RouteAsync(tenant);
        Assert.Equal(("c1", 2L), (route.Cell, route.Epoch));
        var source = await cells.C1.TenantAsync(tenant);
        Assert.Equal((TenantOwnershipState.Serving, 2L), (source.State, source.Epoch));
        Assert.Equal(0, (await cells.C2.TenantAsync(tenant)).Rows);
        Assert.Equal(notes, await cells.C1.NoteTextsAsync(tenant));
        await cells.C1.WriteNotesAsync(tenant, 2, "after the rollback");
        using var stale = await cells.C1.PostNoteAsync(tenant, 1, "old epoch");
        Assert.Equal(HttpStatusCode.MisdirectedRequest, stale.StatusCode);
    }
}
