using Cellular.Core.Api;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// The control-plane process dies (FailFast) at each step of a move while writers keep
/// writing; restarted, it completes or rolls back the move, and no acknowledged write is lost.
/// </summary>
public sealed class MigrationCrashTests
{
    [Theory]
    [InlineData("copying.target-fenced", MigrationState.Complete)]
    [InlineData("copying.imported", MigrationState.Complete)]
    [InlineData("verifying.started", MigrationState.Complete)]
    [InlineData("cutover.source-fenced", MigrationState.Aborted)]
    [InlineData("cutover.synced", MigrationState.Aborted)]
    [InlineData("cutover.journaled", MigrationState.Complete)]
    [InlineData("switched.activated", MigrationState.Complete)]
    [InlineData("soak.started", MigrationState.Complete)]
    public async Task ControlPlaneCrash_AtStep_MoveCompletesOrRollsBackAndCheckerPasses(string checkpoint, MigrationState expected)
    {
        await using var stack = await Stack.StartAsync(
            cells: 2,
            controlPlaneArguments: ["--Cellular:ControlPlane:Migrations:Soak=00:00:00.200", $"--Cellular:ControlPlane:Migrations:CrashAtCheckpoint={checkpoint}"],
            routerArguments: ["--Cellular:Router:Cutover:HoldTimeout=00:00:20", MigrationTests.NoTenantRateLimit]);
        var tenant = (await stack.CreateTenantsAsync(1, "crash", cell: "c1")).Single();
        await using var writers = new NoteWriters(stack, tenant.Id, writers: 3);
        await Task.Delay(300);

        var migration = await MigrationTests.CreateMigrationAsync(stack, tenant.Id, "c2");
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await stack.Local.ControlPlane.WaitForExitAsync(cts.Token);
        }

        await stack.Local.StartControlPlaneAsync();
        var done = await MigrationTests.WaitForAsync(stack, migration.Id, m => m.State is MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed, $"the move to finish after a crash at {checkpoint}");
        await stack.Local.WaitReadyAsync();
        await Task.Delay(300);
        await writers.DisposeAsync();

        Assert.True(done.State == expected, $"crash at {checkpoint}: ended {done.State} ({done.Reason}; {done.LastError})");
        Assert.Empty(writers.Failures);
        var owner = expected == MigrationState.Complete ? "c2" : "c1";
        var other = owner == "c1" ? "c2" : "c1";
        Assert.Equal(owner, (await stack.Local.Client.GetTenantAsync(tenant.Id)).Cell);
        var onOwner = MigrationTests.NoteTexts(stack.CellDatabase(owner), tenant.Id);
        Assert.Equal(onOwner.Count, onOwner.Distinct().Count());
        Assert.Empty(writers.Acknowledged.Except(onOwner));
        Assert.Empty(MigrationTests.NoteTexts(stack.CellDatabase(other), tenant.Id));
    }
}
