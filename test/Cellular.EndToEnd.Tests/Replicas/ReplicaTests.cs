using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests.Replicas;

/// <summary>
/// Two control-plane replicas and two routers on one PostgreSQL, as real processes: the replica
/// driving a migration dies at each crash-drill checkpoint and the other finishes or rolls the move
/// back within the lease time with every acknowledged write found exactly once; a replica paused
/// past its lease cannot write for the migration it lost; a router whose replica dies moves to the
/// other and gets a change made there within the propagation goal.
/// </summary>
public sealed class ReplicaTests
{
    /// <summary>One change visible at the router within 1 s (docs/benchmarks.md, Propagation).</summary>
    private static readonly TimeSpan PropagationGoal = TimeSpan.FromSeconds(1);

    /// <summary>A lease expires, then the other replica's next look (a third of the lease time) claims it.</summary>
    private static readonly TimeSpan TakeOver = ReplicaStack.LeaseTtl + (ReplicaStack.LeaseTtl / 3) + TimeSpan.FromSeconds(1);

    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;

    [Theory]
    [InlineData("copying.target-fenced", MigrationState.Complete)]
    [InlineData("copying.imported", MigrationState.Complete)]
    [InlineData("verifying.started", MigrationState.Complete)]
    [InlineData("cutover.source-fenced", MigrationState.Aborted)]
    [InlineData("cutover.synced", MigrationState.Aborted)]
    [InlineData("cutover.journaled", MigrationState.Complete)]
    [InlineData("switched.activated", MigrationState.Complete)]
    [InlineData("soak.started", MigrationState.Complete)]
    public async Task DriverDies_AtCheckpoint_OtherReplicaEndsTheMoveWithinTheLeaseTimeAndCheckerPasses(string checkpoint, MigrationState expected)
    {
        await using var replicas = await ReplicaStack.StartAsync(
            cells: 2,
            controlPlaneArguments: ["--Cellular:ControlPlane:Migrations:Soak=00:00:00.200", $"--Cellular:ControlPlane:Migrations:CrashAtCheckpoint={checkpoint}"],
            routerArguments: ["--Cellular:Router:Cutover:HoldTimeout=00:00:20", MigrationTests.NoTenantRateLimit]);
        var stack = replicas.Stack;
        var tenant = (await stack.CreateTenantsAsync(1, "crash", cell: "c1")).Single();
        await using var writers = new NoteWriters(stack, tenant.Id, writers: 3);
        await Task.Delay(300);

        var migration = await MigrationTests.CreateMigrationAsync(stack, tenant.Id, "c2");
        var died = await WaitForADeathAsync(replicas, TimeSpan.FromSeconds(60));
        var survivor = 1 - died;
        var watch = Stopwatch.StartNew();
        var done = await replicas.WaitForMigrationAsync(
            survivor,
            migration.Id,
            m => m.State is MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed,
            TimeSpan.FromSeconds(60),
            $"cp{survivor + 1} to end the move after cp{died + 1} died at {checkpoint}");
        var ended = watch.Elapsed;
        await Task.Delay(300);
        await writers.DisposeAsync();

        Assert.True(done.State == expected, $"crash at {checkpoint}: ended {done.State} ({done.Reason}; {done.LastError})");
        Assert.True(replicas.LastClaimerOf($"migration:{migration.Id}") == survivor, $"cp{survivor + 1} claimed the migration after cp{died + 1} died");
        Assert.True(ended < TakeOver + TimeSpan.FromSeconds(10), $"ended {ended.TotalSeconds:0.0} s after the crash; the lease time is {ReplicaStack.LeaseTtl.TotalSeconds} s");

        // Until the survivor claims the move (a lease time), a write may be refused as "Tenant
        // moving" (503, retry): never acknowledged, so never lost. Nothing else may fail.
        Assert.All(writers.Failures, f => Assert.StartsWith("503 {\"title\":\"Tenant moving\"", f, StringComparison.Ordinal));
        var owner = expected == MigrationState.Complete ? "c2" : "c1";
        var other = owner == "c1" ? "c2" : "c1";
        var tenantNow = (await replicas.Apis[survivor].GetFromJsonAsync($"/api/v1/tenants/{tenant.Id}", CellularJsonContext.Default.TenantView))!;
        Assert.Equal(owner, tenantNow.Cell);
        var onOwner = MigrationTests.NoteTexts(stack.CellDatabase(owner), tenant.Id);
        Assert.Equal(onOwner.Count, onOwner.Distinct().Count());
        Assert.Empty(writers.Acknowledged.Except(onOwner));
        Assert.Empty(MigrationTests.NoteTexts(stack.CellDatabase(other), tenant.Id));
    }

    [Fact]
    public async Task DriverPausedPastItsLease_Resumed_CannotWriteForTheMigrationItLost()
    {
        await using var replicas = await ReplicaStack.StartAsync(
            cells: 2,
            controlPlaneArguments: ["--Cellular:ControlPlane:Migrations:Soak=00:00:08"],
            routerArguments: [MigrationTests.NoTenantRateLimit]);
        var stack = replicas.Stack;
        var tenant = (await stack.CreateTenantsAsync(1, "pause", cell: "c1")).Single();
        var migration = await MigrationTests.CreateMigrationAsync(stack, tenant.Id, "c2");
        await replicas.WaitForMigrationAsync(1, migration.Id, m => m.State == MigrationState.Soak, TimeSpan.FromSeconds(60), "the move to soak");
        var lease = $"migration:{migration.Id}";
        var driver = replicas.LastClaimerOf(lease);
        Assert.True(driver >= 0, "a replica's log says it claimed the migration");
        var other = 1 - driver;
        var pid = stack.Local.ControlPlanes[driver].ProcessId!.Value;

        Assert.Equal(0, Posix.Kill(pid, SigStop));
        try
        {
            await Stack.EventuallyAsync(() => Task.FromResult(replicas.LastClaimerOf(lease) == other), TakeOver + TimeSpan.FromSeconds(5), $"cp{other + 1} to claim {lease}");
        }
        finally
        {
            Assert.Equal(0, Posix.Kill(pid, SigCont));
        }

        var done = await replicas.WaitForMigrationAsync(other, migration.Id, m => m.State is MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed, TimeSpan.FromSeconds(60), "the other replica to complete the move");
        await Stack.EventuallyAsync(
            () => Task.FromResult(replicas.ReadLog(driver).Contains("LeaseLostException", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(15),
            $"cp{driver + 1}'s log to show the LeaseLostException of its run");
        await Task.Delay(ReplicaStack.LeaseTtl);

        Assert.Equal(MigrationState.Complete, done.State);
        Assert.Contains($"Lost lease {lease}", replicas.ReadLog(driver), StringComparison.Ordinal);
        var completions = (await replicas.AuditAsync(other, "migration.complete")).Where(e => e.Target.Contains(migration.Id, StringComparison.Ordinal)).ToList();
        Assert.Single(completions);
        var seenByDriver = await replicas.GetMigrationAsync(driver, migration.Id);
        Assert.Equal((done.State, done.UpdatedAt), (seenByDriver.State, seenByDriver.UpdatedAt));
        Assert.False(stack.Local.ControlPlanes[driver].HasExited);
    }

    [Fact]
    public async Task LongPolledReplicaKilled_RouterMovesToTheOther_AndAChangeThereArrivesWithinThePropagationGoal()
    {
        await using var replicas = await ReplicaStack.StartAsync(cells: 1);
        var stack = replicas.Stack;
        var cp2 = stack.Local.ApiUrls[1].ToString().TrimEnd('/');
        Assert.Equal(stack.Local.ApiUrls[0].ToString().TrimEnd('/'), (await stack.RouterHealthAsync()).GetProperty("controlPlane").GetString());
        Assert.Equal(cp2, (await replicas.SecondRouter.GetFromJsonAsync<JsonElement>("/_router/health")).GetProperty("controlPlane").GetString());

        Assert.Equal(0, Posix.Kill(stack.Local.ControlPlane.ProcessId!.Value, SigKill));
        await Stack.EventuallyAsync(
            async () => (await stack.RouterHealthAsync()).GetProperty("controlPlane").GetString() == cp2,
            TimeSpan.FromSeconds(10),
            "the router to move to cp2");

        var watch = Stopwatch.StartNew();
        using (var created = await replicas.Apis[1].PostAsJsonAsync("/api/v1/tenants", new CreateTenantRequest("after-failover"), CellularJsonContext.Default.CreateTenantRequest))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var version = (await replicas.Apis[1].GetFromJsonAsync("/api/v1/health", CellularJsonContext.Default.ControlPlaneHealth))!.TableVersion;
        await Stack.EventuallyAsync(
            async () => (await stack.RouterHealthAsync()).GetProperty("tableVersion").GetInt64() >= version,
            TimeSpan.FromSeconds(10),
            "the router to get the new tenant from cp2");
        var arrived = watch.Elapsed;
        using var write = await stack.WriteNoteAsync("after-failover", "hello");

        Assert.True(arrived <= PropagationGoal, $"the change reached the router {arrived.TotalMilliseconds:0} ms after the API call; the goal is {PropagationGoal.TotalMilliseconds:0} ms");
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.True((await stack.RouterHealthAsync()).GetProperty("controlPlaneFailovers").GetInt64() >= 1);
        Assert.True((await replicas.SecondRouter.GetFromJsonAsync<JsonElement>("/_router/health")).GetProperty("tableVersion").GetInt64() >= version);
    }

    /// <summary>Waits until one replica's process has exited (the crash drill) and returns its index.</summary>
    private static async Task<int> WaitForADeathAsync(ReplicaStack replicas, TimeSpan timeout)
    {
        var planes = replicas.Stack.Local.ControlPlanes;
        using var cts = new CancellationTokenSource(timeout);
        var exited = await Task.WhenAny(planes.Select(p => p.WaitForExitAsync(cts.Token)));
        await exited;
        return planes.Select((p, i) => (p, i)).First(x => x.p.HasExited).i;
    }
}
