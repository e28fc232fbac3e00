using System.Net;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Migrations;

/// <summary>
/// The control plane dies at each point between a migration's side effects (the workflow stops
/// dead, nothing after the checkpoint runs); a new control plane on the same store resumes it:
/// before the cutover by redoing the step, in the cutover by rolling back, after the switch by finishing.
/// </summary>
[Collection(NotesCellsCollection.Name)]
public sealed class MigrationCrashTests(NotesCells cells)
{
    [Theory]
    [InlineData(MigrationCheckpoints.CopyingStarted, MigrationState.Copying, MigrationState.Complete)]
    [InlineData(MigrationCheckpoints.TargetFenced, MigrationState.Copying, MigrationState.Complete)]
    [InlineData(MigrationCheckpoints.Imported, MigrationState.Copying, MigrationState.Complete)]
    [InlineData(MigrationCheckpoints.CatchUpPage, MigrationState.CatchingUp, MigrationState.Complete)]
    [InlineData(MigrationCheckpoints.VerifyingStarted, MigrationState.Verifying, MigrationState.Complete)]
    [InlineData(MigrationCheckpoints.CutoverStarted, MigrationState.Cutover, MigrationState.Aborted)]
    [InlineData(MigrationCheckpoints.SourceFenced, MigrationState.Cutover, MigrationState.Aborted)]
    [InlineData(MigrationCheckpoints.Synced, MigrationState.Cutover, MigrationState.Aborted)]
    [InlineData(MigrationCheckpoints.Journaled, MigrationState.Switched, MigrationState.Complete)]
    [InlineData(MigrationCheckpoints.Activated, MigrationState.Switched, MigrationState.Complete)]
    [InlineData(MigrationCheckpoints.MovedRecorded, MigrationState.Switched, MigrationState.Complete)]
    [InlineData(MigrationCheckpoints.SoakElapsed, MigrationState.Soak, MigrationState.Complete)]
    public async Task Restart_AfterACrashAtACheckpoint_ResumesToTheRightEnd(string checkpoint, MigrationState recorded, MigrationState end)
    {
        var crash = new TestCheckpoints { CrashAt = checkpoint };
        await using var harness = await MigrationHarness.StartAsync(cells, checkpoints: crash);
        var tenant = MigrationHarness.NewTenant("crash");
        await harness.CreateTenantAsync(tenant, "c1");
        await cells.C1.WriteNotesAsync(tenant, 1, "x", "y");
        var migration = await harness.MigrateAsync(tenant, "c2");
        if (recorded == MigrationState.Soak)
        {
            await harness.WaitForAsync(migration.Id, MigrationState.Soak);
            harness.PassSoak();
        }

        await crash.Crashed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var atCrash = await harness.GetMigrationAsync(migration.Id);
        await harness.RestartAsync();
        if (end == MigrationState.Complete)
        {
            var resumed = await harness.WaitForAsync(migration.Id, MigrationState.Soak, MigrationState.Complete);
            if (resumed.State == MigrationState.Soak)
            {
                harness.PassSoak();
            }
        }

        var ended = await harness.WaitForAsync(migration.Id, end);

        Assert.Equal(recorded, atCrash.State);
        if (end == MigrationState.Complete)
        {
            await AssertMovedAsync(harness, tenant);
        }
        else
        {
            Assert.Contains("stopped during the cutover", ended.Reason, StringComparison.Ordinal);
            await AssertStayedAsync(harness, tenant, sourceWasFenced: checkpoint != MigrationCheckpoints.CutoverStarted);
        }
    }

    private async Task AssertMovedAsync(MigrationHarness harness, string tenant)
    {
        var route = await harness.RouteAsync(tenant);
        Assert.Equal(("c2", 2L), (route.Cell, route.Epoch));
        Assert.Equal(["x", "y"], await cells.C2.NoteTextsAsync(tenant));
        var source = await cells.C1.TenantAsync(tenant);
        Assert.Equal((TenantOwnershipState.Moved, 0L), (source.State, source.Rows));
        await cells.C2.WriteNotesAsync(tenant, 2, "after");
    }

    private async Task AssertStayedAsync(MigrationHarness harness, string tenant, bool sourceWasFenced)
    {
        var route = await harness.RouteAsync(tenant);
        Assert.Equal(("c1", 2L), (route.Cell, route.Epoch));
        var source = await cells.C1.TenantAsync(tenant);
        Assert.Equal((TenantOwnershipState.Serving, sourceWasFenced ? 2L : 0L), (source.State, source.Epoch));
        Assert.Equal(0, (await cells.C2.TenantAsync(tenant)).Rows);
        Assert.Equal(["x", "y"], await cells.C1.NoteTextsAsync(tenant));
        await cells.C1.WriteNotesAsync(tenant, 2, "after");
        using var stale = await cells.C1.PostNoteAsync(tenant, 1, "old epoch");
        Assert.Equal(sourceWasFenced ? HttpStatusCode.MisdirectedRequest : HttpStatusCode.Created, stale.StatusCode);
    }
}
