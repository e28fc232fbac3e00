using System.Net;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Sqlite;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Experiments;

/// <summary>
/// The runner against a fake router's statistics. Checks run by calling TickAsync; the fake clock
/// is advanced only to let durations and after-windows pass.
/// </summary>
public sealed class ExperimentRunnerTests : IAsyncLifetime
{
    private ExperimentHarness _h = null!;

    public async Task InitializeAsync() => _h = await ExperimentHarness.StartAsync(new Dictionary<string, string?>
    {
        ["Cellular:ControlPlane:Experiments:MaxMissedChecks"] = "2",
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Tick_NonTargetErrorRateRises_AbortsNamingTheCellAndClearsFaults()
    {
        var experiment = await _h.StartExperimentAsync();
        _h.Router.Stats = (_, _) => [FakeRouter.Cell("c1", 100, errors: 100), FakeRouter.Cell("c2", 40, errors: 10, 10, "t3")];

        await _h.Runner.TickAsync(CancellationToken.None);

        var aborted = await _h.GetExperimentAsync(experiment.Id);
        Assert.Equal(ExperimentState.Aborted, aborted.State);
        Assert.Contains("cell c2 (not a target)", aborted.Reason, StringComparison.Ordinal);
        Assert.Contains("error rate 25.0% (10 of 40 requests)", aborted.Reason, StringComparison.Ordinal);
        Assert.Contains("error rate above 5.0%", aborted.Reason, StringComparison.Ordinal);
        Assert.Equal(["POST f1 error 30s", "DELETE f1"], _h.C1.FaultCalls);
        Assert.Empty(_h.C1.ActiveFaults);
        Assert.NotNull(Assert.Single(aborted.Injections).ClearedAt);
        Assert.Equal(_h.Time.GetUtcNow().AddSeconds(10), aborted.ReportDueAt);
        var audit = (await _h.AuditAsync())[0];
        Assert.Equal(("experiment.abort", "experiment-runner", $"experiment/{experiment.Id}"), (audit.Action, audit.Actor, audit.Target));
    }

    [Fact]
    public async Task Tick_NonTargetP99RisesOverFactorAndFloor_Aborts()
    {
        var experiment = await _h.StartExperimentAsync();
        _h.Router.Stats = (_, _) => [FakeRouter.Cell("c1", 100), FakeRouter.Cell("c2", 100, p99Ms: 71)];

        await _h.Runner.TickAsync(CancellationToken.None);

        var aborted = await _h.GetExperimentAsync(experiment.Id);
        Assert.Equal(ExperimentState.Aborted, aborted.State);
        Assert.Contains("p99 above 70 ms", aborted.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 4, 69)]
    [InlineData(19, 19, 500)]
    public async Task Tick_NonTargetWithinLimitsOrTooFewRequests_KeepsRunning(int requests, int errors, double p99)
    {
        var experiment = await _h.StartExperimentAsync();
        _h.Router.Stats = (_, _) => [FakeRouter.Cell("c1", 100, errors: 100, p99Ms: 5000), FakeRouter.Cell("c2", requests, errors, p99)];

        await _h.Runner.TickAsync(CancellationToken.None);

        Assert.Equal(ExperimentState.Running, (await _h.GetExperimentAsync(experiment.Id)).State);
        Assert.Equal(["POST f1 error 30s"], _h.C1.FaultCalls);
    }

    [Fact]
    public async Task Tick_ReadsOnlyTheEvaluationWindowSinceStart()
    {
        await _h.StartExperimentAsync();
        _h.Time.Advance(TimeSpan.FromSeconds(8));

        await _h.Runner.TickAsync(CancellationToken.None);

        var now = _h.Time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Contains((now - 5_000, now), _h.Router.Queries);
    }

    [Fact]
    public async Task Tick_RouterStatsUnavailableForMaxMissedChecks_Aborts()
    {
        var experiment = await _h.StartExperimentAsync();
        _h.Router.Status = 503;

        await _h.Runner.TickAsync(CancellationToken.None);
        Assert.Equal(ExperimentState.Running, (await _h.GetExperimentAsync(experiment.Id)).State);
        await _h.Runner.TickAsync(CancellationToken.None);

        var aborted = await _h.GetExperimentAsync(experiment.Id);
        Assert.Equal(ExperimentState.Aborted, aborted.State);
        Assert.Contains("could not be read for 2 checks in a row", aborted.Reason, StringComparison.Ordinal);
        Assert.Empty(_h.C1.ActiveFaults);
    }

    [Fact]
    public async Task Tick_DurationElapsedThenAfterWindow_CompletesAndReportsContainedWithTargetTenants()
    {
        var phase = "before";
        _h.Router.Stats = (_, _) => phase == "during"
            ? [FakeRouter.Cell("c1", 80, errors: 80, 12, "t1", "t2"), FakeRouter.Cell("c2", 100, errors: 1, 14), FakeRouter.Cell("none", 3, errors: 3, 1, "ghost")]
            : [FakeRouter.Cell("c1", 100, 0, 11), FakeRouter.Cell("c2", 100, 0, 13)];
        var experiment = await _h.StartExperimentAsync();
        phase = "during";

        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.Runner.TickAsync(CancellationToken.None);
        var completed = await _h.GetExperimentAsync(experiment.Id);
        Assert.Equal(ExperimentState.Completed, completed.State);
        Assert.Equal(["POST f1 error 30s", "DELETE f1"], _h.C1.FaultCalls);
        Assert.Null(completed.Report);

        phase = "after";
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.Runner.TickAsync(CancellationToken.None);

        var report = (await _h.GetExperimentAsync(experiment.Id)).Report!;
        Assert.Equal("contained", report.Verdict);
        Assert.Equal(["t1", "t2"], report.AffectedTenants);
        Assert.Equal((2, 4, 0.5), (report.AffectedTenantsCount, report.TotalTenants, report.AffectedTenantShare));
        Assert.Equal(["t1", "t2"], report.TargetTenants);
        Assert.True(report.AffectedOnlyTargetTenants);
        Assert.True(report.AffectedExactlyTargetTenants);
        Assert.Empty(report.AffectedOutsideTargets);
        Assert.Equal(["c1", "c2"], report.Cells.Select(c => c.Cell));
        var c1 = report.Cells[0];
        Assert.Equal((true, (string?)null, 0.0, 1.0, 0.0), (c1.Target, c1.Verdict, c1.Before.ErrorRate, c1.During.ErrorRate, c1.After.ErrorRate));
        Assert.Equal(("contained", 0.01), (report.Cells[1].Verdict, report.Cells[1].During.ErrorRate));
        Assert.Contains("c2: error rate 0.0% → 1.0%, p99 13 ms → 14 ms (100 requests), within limits", report.Evidence);
        Assert.Contains("c1 (target): error rate 0.0% → 100.0%, p99 11 ms → 12 ms (80 requests)", report.Evidence);
        var start = experiment.StartedAt!.Value;
        Assert.Equal(new ExperimentWindows(
            new ExperimentWindow(start.AddSeconds(-10), start),
            new ExperimentWindow(start, start.AddSeconds(30)),
            new ExperimentWindow(start.AddSeconds(30), start.AddSeconds(40))), report.Windows);
        Assert.Equal(["experiment.report", "experiment.complete"], (await _h.AuditAsync()).Take(2).Select(a => a.Action));
    }

    [Fact]
    public async Task Loop_ClockPassesDurationAndAfterWindow_CompletesAndReportsOnItsOwn()
    {
        var experiment = await _h.StartExperimentAsync();

        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await _h.GetExperimentAsync(experiment.Id)).State == ExperimentState.Completed, "the runner's loop completes the experiment");
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(async () => (await _h.GetExperimentAsync(experiment.Id)).Report is not null, "the runner's loop builds the report");

        Assert.Equal("contained", (await _h.GetExperimentAsync(experiment.Id)).Report!.Verdict);
        Assert.Empty(_h.C1.ActiveFaults);
    }

    [Fact]
    public async Task Tick_AbortedByStopCondition_ReportSaysLeakedWithEvidence()
    {
        var experiment = await _h.StartExperimentAsync();
        _h.Router.Stats = (_, _) => [FakeRouter.Cell("c1", 50, errors: 50, 10, "t1"), FakeRouter.Cell("c2", 50, errors: 25, 10, "t3", "t4")];
        await _h.Runner.TickAsync(CancellationToken.None);

        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.Runner.TickAsync(CancellationToken.None);

        var report = (await _h.GetExperimentAsync(experiment.Id)).Report!;
        Assert.Equal("leaked", report.Verdict);
        Assert.Equal(["t1", "t3", "t4"], report.AffectedTenants);
        Assert.Equal(["t3", "t4"], report.AffectedOutsideTargets);
        Assert.False(report.AffectedOnlyTargetTenants);
        Assert.False(report.AffectedExactlyTargetTenants);
        Assert.Equal("leaked", report.Cells.Single(c => c.Cell == "c2").Verdict);
        Assert.Contains(report.Evidence, e => e.StartsWith("c2: error rate 0.0% → 50.0%", StringComparison.Ordinal) && e.Contains("over the limit: error rate above 5.0%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_RunningExperiment_StopsClearsFaultsAndSecondStopIs409()
    {
        var experiment = await _h.StartExperimentAsync();

        using var stop = await _h.Client.PostAsync($"/api/v1/experiments/{experiment.Id}/stop", null);
        using var again = await _h.Client.PostAsync($"/api/v1/experiments/{experiment.Id}/stop", null);

        var stopped = await stop.ReadAsync(CellularJsonContext.Default.Experiment);
        Assert.Equal((ExperimentState.Stopped, "Stopped by tester."), (stopped.State, stopped.Reason));
        Assert.Equal(["POST f1 error 30s", "DELETE f1"], _h.C1.FaultCalls);
        Assert.Contains("already ended (Stopped)", await again.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Equal(("experiment.stop", "tester"), ((await _h.AuditAsync())[0].Action, (await _h.AuditAsync())[0].Actor));
        await _h.StartExperimentAsync();
    }

    [Fact]
    public async Task KillSwitch_Engage_StopsEveryRunningExperimentAndClearsFaults()
    {
        var first = await _h.StartExperimentAsync();
        var second = await _h.StartExperimentAsync("\"c2\"");

        using var engage = await _h.Client.PostAsync("/api/v1/experiments/kill-switch", null);

        var killSwitch = await engage.ReadAsync(CellularJsonContext.Default.ExperimentKillSwitch);
        Assert.True(killSwitch.Engaged);
        Assert.Equal([first.Id, second.Id], killSwitch.StoppedExperiments);
        Assert.Equal(ExperimentState.Stopped, (await _h.GetExperimentAsync(first.Id)).State);
        Assert.Contains("Kill switch engaged by tester", (await _h.GetExperimentAsync(second.Id)).Reason, StringComparison.Ordinal);
        Assert.Empty(_h.C1.ActiveFaults);
        Assert.Empty(_h.C2.ActiveFaults);
    }

    [Fact]
    public async Task Restart_ExperimentLeftRunning_IsAbortedAndItsFaultsClearedAtStartUp()
    {
        var experiment = await _h.StartExperimentAsync();

        // A graceful stop aborts it and clears its fault.
        await _h.StopAppAsync();
        Assert.Equal(["POST f1 error 30s", "DELETE f1"], _h.C1.FaultCalls);

        // A crash would leave it Running with its fault set: make the store say so.
        var database = new SqliteStoreDatabase(Options.Create(new ControlPlaneOptions { DataDir = Path.Combine(_h.Root.Path, "control-plane") }), [], _h.Time);
        var store = new ExperimentTransitions(database, new ExperimentStore(), new AuditStore());
        await store.UpdateAsync(
            experiment.Id,
            null,
            r => r with
            {
                Experiment = r.Experiment with
                {
                    State = ExperimentState.Running,
                    EndedAt = null,
                    Reason = null,
                    ReportDueAt = null,
                    Injections = [new ExperimentInjection("c1", "f9", null)],
                },
            },
            null,
            CancellationToken.None);

        _h.StartApp();

        var aborted = await _h.GetExperimentAsync(experiment.Id);
        Assert.Equal(ExperimentState.Aborted, aborted.State);
        Assert.Contains("control plane restarted", aborted.Reason, StringComparison.Ordinal);
        Assert.Equal("DELETE f9", _h.C1.FaultCalls[^1]);
        Assert.Empty(_h.C1.ActiveFaults);
        Assert.Equal(("experiment.abort", "control-plane"), ((await _h.AuditAsync())[0].Action, (await _h.AuditAsync())[0].Actor));
    }
}
