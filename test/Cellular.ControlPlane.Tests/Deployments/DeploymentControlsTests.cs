using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Tests.Deployments;

/// <summary>
/// The controls people rely on around a wave deployment — freeze, windows, approval, pause, resume,
/// abort, the exclusions with experiments and migrations — and the gates' automatic rollback and
/// crash safety, over fake cells, a fake router and a fake clock.
/// </summary>
public sealed class DeploymentControlsTests : IAsyncLifetime
{
    private const string TwoWaves = """{"version":"2.0.0","waves":[["p1"],["p2"]],"bakeSeconds":10,"firstProductionBakeSeconds":10}""";

    private DeploymentHarness _h = null!;

    public async Task InitializeAsync() => _h = await DeploymentHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Freeze_EngagedBefore_NoWaveStartsUntilReleased()
    {
        using (var freeze = await _h.Client.PostJsonAsync("/api/v1/deployments/freeze", """{"reason":"year-end"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, freeze.StatusCode);
        }

        var deployment = await _h.CreateDeploymentAsync(TwoWaves);
        var held = await _h.AdvanceUntilAsync(deployment.Id, d => d.Waves[0].Waiting?.Contains("frozen", StringComparison.Ordinal) == true, "the first wave waits for the freeze");
        await _h.AdvanceAsync(TimeSpan.FromSeconds(30));

        held = await _h.GetDeploymentAsync(deployment.Id);
        Assert.True(held.State is DeploymentState.Pending or DeploymentState.Running, DeploymentHarness.Describe(held));
        Assert.Equal(DeploymentWaveState.Pending, held.Waves[0].State);
        Assert.Contains("year-end", held.Waves[0].Waiting, StringComparison.Ordinal);
        Assert.All(held.Cells, c => Assert.Equal(DeploymentCellState.Pending, c.State));
        Assert.Empty(_h.Provider.Staged);
        Assert.Equal("1.0.0", (await _h.GetCellAsync("p1")).Version);

        using (var release = await _h.Client.DeleteAsync("/api/v1/deployments/freeze"))
        {
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        }

        var done = await _h.AdvanceUntilAsync(deployment.Id, d => d.State == DeploymentState.Succeeded, "the deployment runs once the freeze is released");
        Assert.All(done.Waves, w => Assert.Null(w.Waiting));
        Assert.Equal("2.0.0", (await _h.GetCellAsync("p1")).Version);
        Assert.Equal("2.0.0", (await _h.GetCellAsync("p2")).Version);
        var audit = await _h.AuditAsync();
        var engaged = Assert.Single(audit, a => a.Action == "deployment.freeze.engage");
        Assert.Equal("tester", engaged.Actor);
        Assert.Contains("year-end", engaged.Detail?.GetRawText(), StringComparison.Ordinal);
        Assert.Single(audit, a => a.Action == "deployment.freeze.release");
    }

    [Fact]
    public async Task Freeze_EngagedDuringBake_TheNextWaveDoesNotStart()
    {
        var deployment = await _h.CreateDeploymentAsync(TwoWaves);
        await _h.AdvanceUntilAsync(deployment.Id, d => d.Waves[0].State == DeploymentWaveState.Baking, "the first wave bakes");

        using (var freeze = await _h.Client.PostAsync("/api/v1/deployments/freeze", null))
        {
            Assert.Equal(HttpStatusCode.OK, freeze.StatusCode);
        }

        var held = await _h.AdvanceUntilAsync(
            deployment.Id,
            d => d.Waves[0].State == DeploymentWaveState.Succeeded && d.Waves[1].Waiting?.Contains("frozen", StringComparison.Ordinal) == true,
            "the baking wave finishes and the next one waits for the freeze");
        await _h.AdvanceAsync(TimeSpan.FromSeconds(20));

        held = await _h.GetDeploymentAsync(deployment.Id);
        Assert.Equal(DeploymentWaveState.Pending, held.Waves[1].State);
        Assert.Equal(DeploymentCellState.Pending, held.Cells.Single(c => c.Cell == "p2").State);
        Assert.DoesNotContain(_h.Provider.Staged, s => s.Cell == "p2");
        Assert.Equal("2.0.0", (await _h.GetCellAsync("p1")).Version);
        Assert.Equal("1.0.0", (await _h.GetCellAsync("p2")).Version);

        using (var release = await _h.Client.DeleteAsync("/api/v1/deployments/freeze"))
        {
            Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        }

        await _h.AdvanceUntilAsync(deployment.Id, d => d.State == DeploymentState.Succeeded, "the deployment finishes once the freeze is released");
        Assert.Equal("2.0.0", (await _h.GetCellAsync("p2")).Version);
    }

    [Fact]
    public async Task Window_WeekdaysInBerlin_NoWaveStartsOnSaturdayAndTheWaveStartsMondayAtNine()
    {
        var saturdayNoon = new DateTimeOffset(2030, 1, 5, 12, 0, 0, TimeSpan.Zero);
        await using var h = await DeploymentHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["Cellular:ControlPlane:Deployments:Windows:0:Days:0"] = "Monday",
                ["Cellular:ControlPlane:Deployments:Windows:0:Days:1"] = "Tuesday",
                ["Cellular:ControlPlane:Deployments:Windows:0:Days:2"] = "Wednesday",
                ["Cellular:ControlPlane:Deployments:Windows:0:Days:3"] = "Thursday",
                ["Cellular:ControlPlane:Deployments:Windows:0:Days:4"] = "Friday",
                ["Cellular:ControlPlane:Deployments:Windows:0:From"] = "09:00",
                ["Cellular:ControlPlane:Deployments:Windows:0:To"] = "17:00",
                ["Cellular:ControlPlane:Deployments:Windows:0:TimeZone"] = "Europe/Berlin",
            },
            saturdayNoon);
        Assert.Equal(DayOfWeek.Saturday, h.Time.GetUtcNow().DayOfWeek);

        var deployment = await h.CreateDeploymentAsync("""{"version":"2.0.0","waves":[["p1"]],"bakeSeconds":5,"firstProductionBakeSeconds":5}""");
        var held = await h.AdvanceUntilAsync(deployment.Id, d => d.Waves[0].Waiting?.Contains("Outside the deployment windows", StringComparison.Ordinal) == true, "the wave waits for the window");
        await h.AdvanceAsync(TimeSpan.FromSeconds(20));
        held = await h.GetDeploymentAsync(deployment.Id);
        Assert.Equal(DeploymentWaveState.Pending, held.Waves[0].State);
        Assert.Empty(h.Provider.Staged);

        // Monday 08:59:50 in Berlin (CET, UTC+1): still closed.
        h.Time.SetUtcNow(new DateTimeOffset(2030, 1, 7, 7, 59, 50, TimeSpan.Zero));
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DeploymentWaveState.Pending, (await h.GetDeploymentAsync(deployment.Id)).Waves[0].State);
        Assert.Empty(h.Provider.Staged);

        var done = await h.AdvanceUntilAsync(deployment.Id, d => d.State.IsFinal(), "the wave starts once the window opens and the deployment ends");
        Assert.True(done.State == DeploymentState.Succeeded, DeploymentHarness.Describe(done));
        Assert.True(done.Waves[0].StartedAt >= new DateTimeOffset(2030, 1, 7, 8, 0, 0, TimeSpan.Zero), $"started at {done.Waves[0].StartedAt:O}");
        Assert.Equal("2.0.0", (await h.GetCellAsync("p1")).Version);
    }

    [Fact]
    public async Task Crash_AfterTheSwitch_ResumesAfterRestartAndStopsTheOldWorkload()
    {
        var checkpoints = new TestDeploymentCheckpoints { CrashAt = DeploymentCheckpoints.CellSwitched };
        await using var h = await DeploymentHarness.StartAsync(checkpoints: checkpoints);
        var old = (await h.GetCellAsync("p1")).Endpoint!;

        var deployment = await h.CreateDeploymentAsync(TwoWaves);
        await checkpoints.Crashed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var crashed = await h.GetDeploymentAsync(deployment.Id);
        Assert.Equal(DeploymentCellState.Switching, crashed.Cells.Single(c => c.Cell == "p1").State);
        Assert.NotNull(h.Provider.At(old));
        await h.StopAppAsync();

        h.StartApp(new TestDeploymentCheckpoints());
        var done = await h.AdvanceUntilAsync(deployment.Id, d => d.State.IsFinal(), "the restarted control plane finishes the deployment");

        Assert.True(done.State == DeploymentState.Succeeded, DeploymentHarness.Describe(done));
        var p1 = await h.GetCellAsync("p1");
        Assert.Equal("2.0.0", p1.Version);
        Assert.NotEqual(old, p1.Endpoint);
        Assert.Contains(old, h.Provider.Stopped);
        Assert.Null(h.Provider.At(old));
        Assert.Single(h.Provider.Staged, s => s.Cell == "p1");
        Assert.Equal("2.0.0", (await h.GetCellAsync("p2")).Version);
    }

    [Fact]
    public async Task Approval_EveryWave_WaitsForAPersonAndRunsWhenApproved()
    {
        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0","waves":[["p1"],["p2"]],"bakeSeconds":5,"firstProductionBakeSeconds":5,"approval":"every-wave"}""");
        var waiting = await _h.AdvanceUntilAsync(deployment.Id, d => d.State == DeploymentState.WaitingForApproval, "the first wave waits for approval");
        await _h.AdvanceAsync(TimeSpan.FromSeconds(20));

        waiting = await _h.GetDeploymentAsync(deployment.Id);
        Assert.Equal(DeploymentState.WaitingForApproval, waiting.State);
        Assert.Equal(DeploymentWaveState.WaitingForApproval, waiting.Waves[0].State);
        Assert.Contains($"/api/v1/deployments/{deployment.Id}/approve", waiting.Waves[0].Waiting, StringComparison.Ordinal);
        Assert.Empty(_h.Provider.Staged);

        var approved = await _h.ControlOkAsync(deployment.Id, "approve");
        Assert.Equal("tester", approved.Waves[0].Approved);
        await _h.AdvanceUntilAsync(deployment.Id, d => d.Waves[0].State == DeploymentWaveState.Baking, "the approved wave deploys");

        // Nothing waits while the first wave bakes: approving is a conflict a person understands.
        using (var early = await _h.ControlAsync(deployment.Id, "approve"))
        {
            var detail = await early.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("no wave waits for approval", detail, StringComparison.Ordinal);
        }

        var second = await _h.AdvanceUntilAsync(deployment.Id, d => d.Waves[1].State == DeploymentWaveState.WaitingForApproval, "the second wave waits for approval too");
        Assert.Equal(DeploymentWaveState.Succeeded, second.Waves[0].State);
        Assert.Equal("2.0.0", (await _h.GetCellAsync("p1")).Version);
        Assert.Equal("1.0.0", (await _h.GetCellAsync("p2")).Version);

        await _h.ControlOkAsync(deployment.Id, "approve");
        await _h.AdvanceUntilAsync(deployment.Id, d => d.State == DeploymentState.Succeeded, "the deployment finishes");
        Assert.Equal("2.0.0", (await _h.GetCellAsync("p2")).Version);
        Assert.Equal(2, (await _h.AuditAsync()).Count(a => a.Action == "deployment.approve"));
    }

    [Fact]
    public async Task PauseResumeAbort_PauseHoldsTheNextWave_AbortLeavesLaterCellsUntouched()
    {
        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0","waves":[["s1"],["p1"],["p2"]],"bakeSeconds":10,"firstProductionBakeSeconds":10}""");
        await _h.AdvanceUntilAsync(deployment.Id, d => d.Waves[0].State == DeploymentWaveState.Baking, "the first wave bakes");

        var paused = await _h.ControlOkAsync(deployment.Id, "pause");
        Assert.Equal(DeploymentState.Paused, paused.State);
        paused = await _h.AdvanceUntilAsync(
            deployment.Id,
            d => d.Waves[0].State == DeploymentWaveState.Succeeded && d.Waves[1].Waiting is not null,
            "the baking wave finishes and the next one is held by the pause");
        await _h.AdvanceAsync(TimeSpan.FromSeconds(20));
        paused = await _h.GetDeploymentAsync(deployment.Id);
        Assert.Equal(DeploymentState.Paused, paused.State);
        Assert.Equal(DeploymentWaveState.Pending, paused.Waves[1].State);
        Assert.DoesNotContain(_h.Provider.Staged, s => s.Cell == "p1");

        var resumed = await _h.ControlOkAsync(deployment.Id, "resume");
        Assert.Equal(DeploymentState.Running, resumed.State);
        await _h.AdvanceUntilAsync(deployment.Id, d => d.Waves[1].State == DeploymentWaveState.Baking, "the resumed deployment deploys the next wave");

        await _h.ControlOkAsync(deployment.Id, "abort");
        var aborted = await _h.AdvanceUntilAsync(deployment.Id, d => d.State == DeploymentState.Aborted, "the deployment ends aborted");
        Assert.NotNull(aborted.EndedAt);
        Assert.Equal(DeploymentWaveState.Skipped, aborted.Waves[2].State);
        Assert.Equal(DeploymentCellState.Skipped, aborted.Cells.Single(c => c.Cell == "p2").State);
        Assert.Equal(new[] { ("s1", "2.0.0"), ("p1", "2.0.0") }, _h.Provider.Staged);
        Assert.Equal("2.0.0", (await _h.GetCellAsync("p1")).Version);
        Assert.Equal("1.0.0", (await _h.GetCellAsync("p2")).Version);

        await _h.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(_h.Provider.Staged, s => s.Cell == "p2");
        using var late = await _h.ControlAsync(deployment.Id, "resume");
        await late.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Exclusion_ExperimentOnACell_HoldsItsWaveUntilTheExperimentEnds()
    {
        using var started = await _h.Client.PostJsonAsync("/api/v1/experiments", """{"targets":["p1"],"fault":{"kind":"error","status":503},"durationSeconds":600}""");
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var experiment = await started.ReadAsync(CellularJsonContext.Default.Experiment);

        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0","waves":[["p1"]],"bakeSeconds":5,"firstProductionBakeSeconds":5}""");
        var held = await _h.AdvanceUntilAsync(deployment.Id, d => d.Waves[0].Waiting?.Contains(experiment.Id, StringComparison.Ordinal) == true, "the wave waits for the experiment");
        Assert.Equal(DeploymentWaveState.Pending, held.Waves[0].State);
        Assert.Empty(_h.Provider.Staged);

        using (var stop = await _h.Client.PostAsync($"/api/v1/experiments/{experiment.Id}/stop", null))
        {
            Assert.True(stop.StatusCode == HttpStatusCode.OK, await stop.Content.ReadAsStringAsync());
        }

        await _h.AdvanceUntilAsync(deployment.Id, d => d.State == DeploymentState.Succeeded, "the wave runs once the experiment ended");
        Assert.Equal("2.0.0", (await _h.GetCellAsync("p1")).Version);
    }

    [Fact]
    public async Task Exclusion_CellBeingDeployed_RefusesExperimentsMigrationsAndOtherDeployments()
    {
        var deployment = await _h.CreateDeploymentAsync(TwoWaves);
        await _h.AdvanceUntilAsync(deployment.Id, d => d.Waves[0].State == DeploymentWaveState.Baking, "the first wave bakes");

        using (var experiment = await _h.Client.PostJsonAsync("/api/v1/experiments", """{"targets":["p1"],"fault":{"kind":"error","status":503},"durationSeconds":30}"""))
        {
            var detail = await experiment.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains(deployment.Id, detail, StringComparison.Ordinal);
        }

        using (var migration = await _h.Client.PostJsonAsync("/api/v1/migrations", """{"tenant":"t2","to":"p3"}"""))
        {
            var detail = await migration.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains(deployment.Id, detail, StringComparison.Ordinal);
        }

        // Into the cell as well as out of it.
        using (var migration = await _h.Client.PostJsonAsync("/api/v1/migrations", """{"tenant":"t4","to":"p1"}"""))
        {
            await migration.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        foreach (var cell in new[] { "p1", "p2" })
        {
            using var second = await _h.PostDeploymentAsync($$"""{"version":"3.0.0","waves":[["{{cell}}"]]}""");
            var detail = await second.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains(deployment.Id, detail, StringComparison.Ordinal);
        }

        var list = await _h.Client.GetFromJsonAsync("/api/v1/deployments", CellularJsonContext.Default.ListDeployment);
        Assert.Single(list!);
    }

    [Fact]
    public async Task Gate_CanaryErrorsAgainstHealthyPeers_RollsBackAndSkipsLaterWaves()
    {
        _h.StatsOf = (cell, version) => version == "2.0.0-bad" ? FakeRouter.Cell(cell, 100, errors: 50) : FakeRouter.Cell(cell, 100);
        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0-bad","waves":[["p1"],["p2","p3"]],"bakeSeconds":10,"firstProductionBakeSeconds":10}""");

        var ended = await _h.AdvanceUntilAsync(deployment.Id, d => d.State.IsFinal(), "the deployment ends");

        Assert.True(ended.State == DeploymentState.RolledBack, DeploymentHarness.Describe(ended));
        Assert.Equal(DeploymentWaveState.Failed, ended.Waves[0].State);
        Assert.Equal(DeploymentWaveState.Skipped, ended.Waves[1].State);
        Assert.Equal(DeploymentCellState.RolledBack, ended.Cells.Single(c => c.Cell == "p1").State);
        Assert.All(ended.Cells.Where(c => c.Cell != "p1"), c => Assert.Equal(DeploymentCellState.Skipped, c.State));
        Assert.DoesNotContain(_h.Provider.Staged, s => s.Cell is "p2" or "p3");
        Assert.Contains("error rate", ended.Reason, StringComparison.Ordinal);

        var failed = ended.Evidence.First(e => e.Verdict == GateVerdict.Fail);
        Assert.Equal(("p1", "errorRate"), (failed.Cell, failed.Metric));
        Assert.Equal(0.5, failed.Canary!.Value, 3);
        Assert.Equal(0.0, failed.Baseline!.Value, 3);
        Assert.NotNull(failed.Threshold);
        Assert.True(failed.Threshold < 0.5);
        var decisive = ended.Report?.Decisive;
        Assert.NotNull(decisive);
        Assert.Equal(("p1", "errorRate", GateVerdict.Fail), (decisive.Cell, decisive.Metric, decisive.Verdict));

        var p1 = await _h.GetCellAsync("p1");
        Assert.Equal("1.0.0", p1.Version);
        Assert.Equal("2.0.0-bad", p1.PreviousRelease?.Version);
        Assert.Equal("1.0.0", _h.Provider.At(p1.Endpoint!)?.Version);
        Assert.Equal("1.0.0", (await _h.GetCellAsync("p2")).Version);
    }

    [Fact]
    public async Task Gate_TooFewRequests_ExtendsTheBakeThenPausesAndResumeAcceptsTheWave()
    {
        _h.StatsOf = (cell, version) => version == "2.0.0" ? FakeRouter.Cell(cell, 5) : FakeRouter.Cell(cell, 100);
        var deployment = await _h.CreateDeploymentAsync(
            """{"version":"2.0.0","waves":[["p1"]],"bakeSeconds":10,"firstProductionBakeSeconds":10,"gates":{"maxBakeExtensionSeconds":10}}""");

        var paused = await _h.AdvanceUntilAsync(deployment.Id, d => d.State is DeploymentState.Paused || d.State.IsFinal(), "the deployment pauses for a person");

        Assert.True(paused.State == DeploymentState.Paused, DeploymentHarness.Describe(paused));
        Assert.Contains("inconclusive", paused.Reason, StringComparison.Ordinal);
        Assert.Equal(DeploymentWaveState.Baking, paused.Waves[0].State);
        Assert.True(paused.Waves[0].BakeEndsAt - paused.Waves[0].BakeStartedAt >= TimeSpan.FromSeconds(20), "the bake was extended before the pause");
        Assert.Contains(paused.Evidence, e => e.Verdict == GateVerdict.Inconclusive && e.Metric == "requests");
        Assert.Contains(await _h.AuditAsync(), a => a.Action == "deployment.bake.extend");

        // It never passes on its own.
        await _h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DeploymentState.Paused, (await _h.GetDeploymentAsync(deployment.Id)).State);

        await _h.ControlOkAsync(deployment.Id, "resume");
        var done = await _h.AdvanceUntilAsync(deployment.Id, d => d.State.IsFinal(), "the resumed deployment ends");
        Assert.True(done.State == DeploymentState.Succeeded, DeploymentHarness.Describe(done));
        var accepted = Assert.Single(done.Evidence, e => e.Gate == "person");
        Assert.Equal(GateVerdict.Pass, accepted.Verdict);
        Assert.Contains("tester", accepted.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stage_ReleaseNeverHealthy_LeavesTheCellOnItsWorkloadAndLaterCellsUntouched()
    {
        _h.Provider.FailStaging("2.0.0-broken");
        var before = await _h.GetCellAsync("p1");
        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0-broken","waves":[["p1"],["p2"]],"bakeSeconds":5}""");

        var ended = await _h.AdvanceUntilAsync(deployment.Id, d => d.State.IsFinal(), "the deployment ends");

        Assert.True(ended.State == DeploymentState.RolledBack, DeploymentHarness.Describe(ended));
        Assert.Contains("crashed at start-up", ended.Cells.Single(c => c.Cell == "p1").Error, StringComparison.Ordinal);
        var p1 = await _h.GetCellAsync("p1");
        Assert.Equal((before.Endpoint, "1.0.0"), (p1.Endpoint, p1.Version));
        Assert.NotNull(_h.Provider.At(p1.Endpoint!));
        Assert.DoesNotContain(_h.Provider.Staged, s => s.Cell == "p2");
    }
}
