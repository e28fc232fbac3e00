using Cellular.Core.Api;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// Wave deployments with real processes under steady client load through the router: a good
/// release reaches every cell in its planned waves without a failed request; a bad one is caught
/// in its first production wave and rolled back before later cells run it; a release that never
/// becomes healthy never takes a cell; a control plane killed during a bake resumes.
/// </summary>
public sealed class DeploymentTests
{
    private const string NewVersion = "2.0.0";

    // Staging first, then prod lowest traffic first (c4 has the fewest tenants, c1 the most) in waves of 1, 2, 4.
    private const string DefaultPlan = "s1 | c4 | c2,c3 | c1";

    // The load gives the least busy prod cell (one tenant) 10–40 requests a second; a bake of 3 s
    // has more than 15 even on a busy machine, and an inconclusive window is extended, not passed.
    // The default latency gate applies: with a few dozen requests per bake its p99 is not judged
    // (DeploymentGate.MinLatencySamples), so a new process's slow first request fails nothing.
    private static readonly DeploymentGatesRequest GatesRequest = new(MinRequests: 15, MaxBakeExtensionSeconds: 30);

    [Fact]
    public async Task GoodRelease_FiveCells_ReachesEveryCellInPlannedWavesWithBakes_NoFailedRequest()
    {
        await using var fleet = await DeploymentFleet.StartAsync();
        var stack = fleet.Stack;
        await fleet.WaitForTrafficAsync();
        var processesBefore = fleet.CellProcesses();

        var created = await DeploymentApi.CreateAsync(stack, new CreateDeploymentRequest(
            NewVersion, Artifact: stack.Local.Artifacts.CellApp, BakeSeconds: 3, FirstProductionBakeSeconds: 3, Gates: GatesRequest));
        Assert.True(Plan(created) == DefaultPlan, $"planned {Plan(created)}, expected {DefaultPlan}\n{DeploymentApi.Describe(created)}");
        var done = await DeploymentApi.WaitForEndAsync(stack, created.Id, TimeSpan.FromSeconds(80));
        await stack.Local.WaitReadyAsync();
        await fleet.Load.DisposeAsync();

        var json = DeploymentApi.Describe(done);
        Assert.True(done.State == DeploymentState.Succeeded, $"ended {done.State}: {done.Reason}\n{json}");
        Assert.Equal(Plan(created), Plan(done));
        for (var i = 0; i < done.Waves.Count; i++)
        {
            var wave = done.Waves[i];
            Assert.True(wave.State == DeploymentWaveState.Succeeded, $"wave {i} is {wave.State}\n{json}");
            Assert.True(
                wave is { StartedAt: { } started, BakeStartedAt: { } bakeStarted, EndedAt: { } ended }
                    && started <= bakeStarted && ended - bakeStarted >= TimeSpan.FromSeconds(wave.BakeSeconds),
                $"wave {i} did not bake {wave.BakeSeconds} s between its deploy and its end\n{json}");
            if (i > 0)
            {
                var previous = done.Waves[i - 1];
                Assert.True(wave.StartedAt >= previous.EndedAt, $"wave {i} started before wave {i - 1} ended its bake\n{json}");
            }

            Assert.DoesNotContain(done.Evidence, d => d.Wave == i && d.Verdict == GateVerdict.Fail);
            Assert.All(wave.Cells, cell => Assert.True(
                done.Evidence.Any(d => d.Wave == i && d.Cell == cell && d.Verdict == GateVerdict.Pass),
                $"no passing gate decision kept as evidence for {cell} in wave {i}\n{json}"));
        }

        Assert.All(done.Cells, c => Assert.True(
            c.State == DeploymentCellState.Deployed && c.Previous?.Version == DeploymentFleet.InitialVersion,
            $"{c.Cell} is {c.State} (previous {c.Previous?.Version})\n{json}"));

        // The audit shows the cells switching in the planned order: one switch per cell, wave after wave.
        var switches = (await fleet.ReleaseAuditAsync()).Select(e => e.Target).ToArray();
        var expected = done.Waves.SelectMany(w => w.Cells.Order(StringComparer.Ordinal).Select(c => $"cell/{c}")).ToArray();
        Assert.Equal(expected.Length, switches.Length);
        var offset = 0;
        foreach (var wave in done.Waves)
        {
            Assert.Equal(wave.Cells.Select(c => $"cell/{c}").Order(StringComparer.Ordinal), switches.Skip(offset).Take(wave.Cells.Count).Order(StringComparer.Ordinal));
            offset += wave.Cells.Count;
        }

        Assert.Empty(fleet.FailuresOf(fleet.Cells));
        Assert.All(fleet.Tenants, t => Assert.True(fleet.Load.ByTenant[t.Id].Ok > 0, $"{t.Id} was served"));

        var processes = fleet.CellProcesses();
        foreach (var id in fleet.Cells)
        {
            var cell = await stack.Local.Client.GetCellAsync(id);
            Assert.Equal(NewVersion, cell.Version);
            Assert.Equal(stack.Local.Artifacts.CellApp, cell.Release?.Artifact);
            Assert.Equal(DeploymentFleet.InitialVersion, cell.PreviousRelease?.Version);
            var info = await fleet.CellInfoAsync(id);
            Assert.Equal((id, NewVersion), (info.Cell, info.Version));
            // Blue/green: a new process serves, the old one is gone, nothing else of the cell runs.
            Assert.Equal([info.ProcessId], processes.GetValueOrDefault(id, []));
            Assert.DoesNotContain(info.ProcessId, processesBefore.GetValueOrDefault(id, []));
        }

        await fleet.AssertNotesReadableAsync();
    }

    [Fact]
    public async Task BadRelease_HaltedInFirstProductionWave_RolledBack_LaterCellsNeverRanIt()
    {
        await using var fleet = await DeploymentFleet.StartAsync();
        var stack = fleet.Stack;
        await fleet.WaitForTrafficAsync();
        var processesBefore = fleet.CellProcesses();

        // Half of the prod tenants' requests fail; the staging cell's tenants are served (a bug
        // that shows only with production data), so the release passes staging and reaches prod.
        var created = await DeploymentApi.CreateAsync(stack, new CreateDeploymentRequest(
            NewVersion,
            Artifact: Releases.BadRelease,
            Config: new Dictionary<string, string> { ["BadRelease:FailRate"] = "0.5", ["BadRelease:FailTenantPrefix"] = "prod-" },
            BakeSeconds: 3,
            FirstProductionBakeSeconds: 6,
            Gates: GatesRequest));
        Assert.True(Plan(created) == DefaultPlan, $"planned {Plan(created)}, expected {DefaultPlan}\n{DeploymentApi.Describe(created)}");
        var done = await DeploymentApi.WaitForEndAsync(stack, created.Id, TimeSpan.FromSeconds(80));
        await stack.Local.WaitReadyAsync();
        await fleet.Load.DisposeAsync();

        var json = DeploymentApi.Describe(done);
        Assert.True(done.State == DeploymentState.RolledBack, $"ended {done.State}: {done.Reason}\n{json}");
        var failedWave = done.Waves[1];
        var canary = Assert.Single(failedWave.Cells);
        Assert.Equal("c4", canary);
        Assert.True(done.Waves[0].State == DeploymentWaveState.Succeeded, $"staging wave is {done.Waves[0].State}\n{json}");
        Assert.True(failedWave.State is DeploymentWaveState.RolledBack or DeploymentWaveState.Failed, $"wave 1 is {failedWave.State}\n{json}");
        Assert.True(done.Cells.Single(c => c.Cell == canary).State == DeploymentCellState.RolledBack, $"{canary} is not rolled back\n{json}");

        // Later waves never started; their cells never ran the release.
        var later = done.Waves.Skip(2).SelectMany(w => w.Cells).ToArray();
        Assert.Equal(["c1", "c2", "c3"], later.Order(StringComparer.Ordinal));
        Assert.All(done.Waves.Skip(2), w => Assert.True(
            w.State is DeploymentWaveState.Pending or DeploymentWaveState.Skipped && w.StartedAt is null,
            $"wave {w.Index} is {w.State} (started {w.StartedAt})\n{json}"));
        Assert.All(done.Cells.Where(c => later.Contains(c.Cell)), c => Assert.True(
            c.State is DeploymentCellState.Pending or DeploymentCellState.Skipped && c.StartedAt is null,
            $"{c.Cell} is {c.State}\n{json}"));
        var switched = (await fleet.ReleaseAuditAsync()).Select(e => e.Target).ToArray();
        Assert.All(later, cell => Assert.DoesNotContain($"cell/{cell}", switched));
        var processes = fleet.CellProcesses();
        foreach (var id in later)
        {
            var cell = await stack.Local.Client.GetCellAsync(id);
            Assert.Equal(DeploymentFleet.InitialVersion, cell.Version);
            Assert.Null(cell.PreviousRelease);
            Assert.Equal(processesBefore[id], processes.GetValueOrDefault(id, []));
        }

        // The canary runs the previous release again, from one process.
        var canaryCell = await stack.Local.Client.GetCellAsync(canary);
        Assert.Equal(DeploymentFleet.InitialVersion, canaryCell.Version);
        var canaryInfo = await fleet.CellInfoAsync(canary);
        Assert.Equal(DeploymentFleet.InitialVersion, canaryInfo.Version);
        Assert.Equal([canaryInfo.ProcessId], processes.GetValueOrDefault(canary, []));

        // The decision names the metric and its numbers.
        var decisive = done.Report?.Decisive;
        Assert.True(decisive is not null, $"no decisive gate decision in the report\n{json}");
        Assert.Equal((1, canary, "errorRate", GateVerdict.Fail), (decisive.Wave, decisive.Cell, decisive.Metric, decisive.Verdict));
        Assert.True(
            decisive is { Canary: { } rate, Baseline: { } baseline, Threshold: { } threshold }
                && rate > threshold && rate >= 0.2 && baseline < 0.05 && Math.Abs(threshold - (baseline + 0.05)) < 1e-6,
            $"decisive evidence {decisive}\n{json}");
        Assert.Contains(done.Evidence, d => d == decisive);

        // Only the canary's tenants saw the bad release fail; everyone else, staging included, saw no error.
        Assert.Empty(fleet.FailuresOf(fleet.Cells.Where(c => c != canary)));
        Assert.All(fleet.TenantsOf(canary), t => Assert.True(fleet.Load.ByTenant[t.Id].Failed > 0, $"{t.Id} on the canary met the bad release"));
        await fleet.AssertNotesReadableAsync();
    }

    [Fact]
    public async Task NeverHealthyRelease_CellKeepsServingFromOldProcess_RolledBack_NoStrayProcess()
    {
        // A release gets StartTimeout to become healthy; kept short so the test does not wait 30 s.
        await using var fleet = await DeploymentFleet.StartAsync(
            staging: false, prodTenants: [2, 2], controlPlaneArguments: ["--Cellular:Process:StartTimeout=00:00:12"]);
        var stack = fleet.Stack;
        await fleet.WaitForTrafficAsync();
        var before = await stack.Local.Client.GetCellAsync("c1");
        var infoBefore = await fleet.CellInfoAsync("c1");
        var pidFile = Path.Combine(stack.DataDirectory, "never-healthy.pids");
        var script = Releases.WriteNeverHealthy(Path.Combine(stack.DataDirectory, "releases"), pidFile);

        var created = await DeploymentApi.CreateAsync(stack, new CreateDeploymentRequest(
            "3.0.0", Artifact: script, Waves: [["c1"]], BakeSeconds: 3, Gates: GatesRequest));
        await Stack.EventuallyAsync(() => Task.FromResult(File.Exists(pidFile)), TimeSpan.FromSeconds(30), "the never-healthy release to be started");
        var done = await DeploymentApi.WaitForEndAsync(stack, created.Id, TimeSpan.FromSeconds(60));
        await fleet.Load.DisposeAsync();

        var json = DeploymentApi.Describe(done);
        Assert.True(done.State == DeploymentState.RolledBack, $"ended {done.State}: {done.Reason}\n{json}");
        var cell = done.Cells.Single(c => c.Cell == "c1");
        Assert.True(cell.State is DeploymentCellState.Failed or DeploymentCellState.RolledBack, $"c1 is {cell.State}\n{json}");
        Assert.False(string.IsNullOrWhiteSpace(cell.Error), $"c1's step carries no error\n{json}");
        Assert.False(string.IsNullOrWhiteSpace(done.Reason), $"the deployment gives no reason\n{json}");

        // The old process kept serving throughout: same endpoint, same process, same release.
        Assert.Empty(fleet.FailuresOf(fleet.Cells));
        var after = await stack.Local.Client.GetCellAsync("c1");
        Assert.Equal((before.Endpoint, DeploymentFleet.InitialVersion), (after.Endpoint, after.Version));
        Assert.Null(after.PreviousRelease);
        var info = await fleet.CellInfoAsync("c1");
        Assert.Equal((infoBefore.ProcessId, DeploymentFleet.InitialVersion), (info.ProcessId, info.Version));
        Assert.DoesNotContain("cell/c1", (await fleet.ReleaseAuditAsync()).Select(e => e.Target));

        // Nothing of the release is left running.
        var started = File.ReadAllLines(pidFile).Select(int.Parse).ToArray();
        Assert.NotEmpty(started);
        await Stack.EventuallyAsync(
            () => Task.FromResult(!started.Any(Releases.IsAlive)),
            TimeSpan.FromSeconds(15),
            $"the never-healthy release's processes ({string.Join(", ", started)}) to be gone");
        Assert.Equal([infoBefore.ProcessId], fleet.CellProcesses().GetValueOrDefault("c1", []));
        await fleet.AssertNotesReadableAsync();
    }

    [Fact]
    public async Task ControlPlaneKilledDuringBake_RestartedOnSameData_DeploymentResumesAndSucceeds()
    {
        await using var fleet = await DeploymentFleet.StartAsync();
        var stack = fleet.Stack;
        await fleet.WaitForTrafficAsync();

        var created = await DeploymentApi.CreateAsync(stack, new CreateDeploymentRequest(
            NewVersion, Artifact: stack.Local.Artifacts.CellApp, BakeSeconds: 3, FirstProductionBakeSeconds: 8, Gates: GatesRequest));
        var baking = await DeploymentApi.WaitForAsync(
            stack, created.Id, d => d.Waves[1].State == DeploymentWaveState.Baking, "the first production wave to bake", TimeSpan.FromSeconds(60));
        stack.Local.ControlPlane.Kill();
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await stack.Local.ControlPlane.WaitForExitAsync(cts.Token);
        }

        await stack.Local.StartControlPlaneAsync();
        var done = await DeploymentApi.WaitForEndAsync(stack, created.Id, TimeSpan.FromSeconds(80));
        await stack.Local.WaitReadyAsync();
        await fleet.Load.DisposeAsync();

        var json = DeploymentApi.Describe(done);
        Assert.True(done.State == DeploymentState.Succeeded, $"ended {done.State}: {done.Reason}\n{json}");
        Assert.Equal(Plan(baking), Plan(done));
        // The interrupted bake ran its full length, counted from its start before the crash.
        var wave = done.Waves[1];
        Assert.Equal(baking.Waves[1].BakeStartedAt, wave.BakeStartedAt);
        Assert.True(wave.EndedAt - wave.BakeStartedAt >= TimeSpan.FromSeconds(wave.BakeSeconds), $"wave 1 baked less than {wave.BakeSeconds} s\n{json}");

        // Resuming deployed no cell twice and left one process per cell, on the new version.
        var switches = (await fleet.ReleaseAuditAsync()).Select(e => e.Target).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fleet.Cells.Select(c => $"cell/{c}").Order(StringComparer.Ordinal), switches);
        var processes = fleet.CellProcesses();
        foreach (var id in fleet.Cells)
        {
            Assert.Equal(NewVersion, (await stack.Local.Client.GetCellAsync(id)).Version);
            var info = await fleet.CellInfoAsync(id);
            Assert.Equal(NewVersion, info.Version);
            Assert.Equal([info.ProcessId], processes.GetValueOrDefault(id, []));
        }

        // The router kept serving from its table while the control plane was down.
        Assert.Empty(fleet.FailuresOf(fleet.Cells));
        await fleet.AssertNotesReadableAsync();
    }

    /// <summary>The plan as text, <c>s1 | c4 | c2,c3 | c1</c> (cells of a wave sorted).</summary>
    private static string Plan(Deployment deployment) =>
        string.Join(" | ", deployment.Waves.Select(w => string.Join(",", w.Cells.Order(StringComparer.Ordinal))));
}
