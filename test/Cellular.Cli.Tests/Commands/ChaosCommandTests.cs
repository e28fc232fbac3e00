using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class ChaosCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task Run_AllOptions_SendsTheContractsRequestAndPrintsIdAndState()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment());
        var cli = new CliHarness();

        var code = await cli.RunAsync(
            "chaos", "run", "--target", "c1", "--target", "c2", "--fault", "error", "--status", "503", "--rate", "0.5", "--tenant", "t1", "--tenant", "T-2",
            "--duration", "2m", "--name", "c1 errors", "--baseline", "15s", "--after", "0", "--max-error-increase", "0.1", "--p99-factor", "3",
            "--min-requests", "50", "--api", Api);

        Assert.Equal(0, code);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("Bearer " + FakeControlPlane.Token, request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("c1 errors", root.GetProperty("name").GetString());
        Assert.Equal(["c1", "c2"], root.GetProperty("targets").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("error", root.GetProperty("fault").GetProperty("kind").GetString());
        Assert.Equal(503, root.GetProperty("fault").GetProperty("status").GetInt32());
        Assert.Equal(0.5, root.GetProperty("fault").GetProperty("rate").GetDouble());
        Assert.Equal(["t1", "T-2"], root.GetProperty("fault").GetProperty("tenants").EnumerateArray().Select(e => e.GetString()));
        Assert.False(root.GetProperty("fault").TryGetProperty("latencyMs", out _));
        Assert.Equal(120, root.GetProperty("durationSeconds").GetInt32());
        Assert.Equal(15, root.GetProperty("baselineSeconds").GetInt32());
        Assert.Equal(0, root.GetProperty("afterSeconds").GetInt32());
        var stop = root.GetProperty("stopConditions");
        Assert.Equal(0.1, stop.GetProperty("nonTargetErrorRateIncrease").GetDouble());
        Assert.Equal(3, stop.GetProperty("nonTargetP99Factor").GetDouble());
        Assert.Equal(50, stop.GetProperty("minRequests").GetInt32());
        Assert.False(stop.TryGetProperty("nonTargetP99FloorMs", out _));
        Assert.Contains("Experiment exp-1 is Running: error 503 in c1 for 30s.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("cellctl chaos show exp-1 (due 2025-06-01 12:00:40Z)", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Minimal_OmitsEveryDefault()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment());
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "run", "--target", "c1", "--fault", "latency", "--latency-ms", "200", "--duration", "30", "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal(
            ["targets", "fault", "durationSeconds"],
            body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["kind", "latencyMs"],
            body.RootElement.GetProperty("fault").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Run_FailedToStart_PrintsReasonAndExits1()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment(state: ExperimentState.Failed, reason: "cell c1 refused the fault", started: false));
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "run", "--target", "c1", "--fault", "abort", "--duration", "10s", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("Experiment exp-1 Failed: cell c1 refused the fault. Nothing stays injected.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_KillSwitchEngaged_PrintsConflictAndExits1()
    {
        _fake.RespondProblem("POST", "/api/v1/experiments", 409, "Kill switch engaged", "Experiments are refused until the kill switch is released.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "run", "--target", "c1", "--fault", "crash", "--duration", "10s", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("error: Kill switch engaged (HTTP 409)", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WaitContained_FollowsStatesPrintsReportAndExits0()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment());
        _fake.RespondSequence(
            "GET",
            "/api/v1/experiments/exp-1",
            Samples.Experiment(),
            Samples.Experiment(state: ExperimentState.Completed),
            Samples.Experiment(state: ExperimentState.Completed, report: Samples.Report()));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromSeconds(1), 1000, "chaos", "run", "--target", "c1", "--fault", "error", "--duration", "30s", "--wait", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("exp-1 Running: fault injected:", cli.Out, StringComparison.Ordinal);
        Assert.Contains("exp-1 Completed:", cli.Out, StringComparison.Ordinal);
        Assert.Contains("exp-1 Completed: report ready", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Blast radius: contained — the failure stayed inside c1", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WaitLeaked_Exits1()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment());
        _fake.RespondSequence("GET", "/api/v1/experiments/exp-1", Samples.Experiment(state: ExperimentState.Aborted, reason: "c2 error rate 50%", report: Samples.Report("leaked")));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromSeconds(1), 1000, "chaos", "run", "--target", "c1", "--fault", "error", "--duration", "30s", "--wait", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("Blast radius: leaked — it reached c2", cli.Out, StringComparison.Ordinal);
        Assert.Contains("c2 error rate 50%", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WaitJson_PrintsOnlyTheFinalExperiment()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment());
        _fake.RespondSequence("GET", "/api/v1/experiments/exp-1", Samples.Experiment(state: ExperimentState.Completed, report: Samples.Report()));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromSeconds(1), 1000, "chaos", "run", "--target", "c1", "--fault", "error", "--duration", "30s", "--wait", "--json", "--api", Api);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal("contained", document.RootElement.GetProperty("report").GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Run_WaitReportNeverComes_GivesUpAfterTheGraceAndExits1()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment());
        _fake.RespondSequence("GET", "/api/v1/experiments/exp-1", Samples.Experiment(state: ExperimentState.Completed));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromSeconds(5), 1000, "chaos", "run", "--target", "c1", "--fault", "error", "--duration", "30s", "--wait", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("The report of exp-1 is not in yet; see `cellctl chaos show exp-1` later.", cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--fault", "error", "--duration", "30s" }, "Option '--target' is required.")]
    [InlineData(new[] { "--target", "c1", "--duration", "30s" }, "Option '--fault' is required.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error" }, "Option '--duration' is required.")]
    [InlineData(new[] { "--target", "c1", "--fault", "oops", "--duration", "30s" }, "'oops'")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--duration", "soon" }, "--duration: 'soon' is not a duration; use e.g. 30s, 2m, 1m30s or a number of seconds.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--duration", "2h" }, "--duration must be between 1s and 1h; got 2h.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--duration", "30s", "--baseline", "0" }, "--baseline must be between 1s and 5m; got 0s.")]
    [InlineData(new[] { "--target", "c1", "--fault", "latency", "--duration", "30s" }, "A latency fault needs --latency-ms")]
    [InlineData(new[] { "--target", "c1", "--fault", "abort", "--status", "500", "--duration", "30s" }, "--status only applies to --fault error, not abort.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--latency-ms", "5", "--duration", "30s" }, "--latency-ms only applies to --fault latency, not error.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--status", "404", "--duration", "30s" }, "--status must be 429 or between 500 and 599; got 404.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--rate", "0", "--duration", "30s" }, "--rate must be more than 0 and at most 1; got 0.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--rate", "1.5", "--duration", "30s" }, "--rate must be more than 0 and at most 1; got 1.5.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--p99-factor", "0.5", "--duration", "30s" }, "--p99-factor must be at least 1 and at most 100; got 0.5.")]
    [InlineData(new[] { "--target", "C1", "--fault", "error", "--duration", "30s" }, "The cell id 'C1'")]
    [InlineData(new[] { "--target", "c1", "--target", "c1", "--fault", "error", "--duration", "30s" }, "--target c1 is given twice.")]
    [InlineData(new[] { "--target", "c1", "--fault", "error", "--tenant", "a/b", "--duration", "30s" }, "The tenant id 'a/b'")]
    public async Task Run_InvalidArguments_FailBeforeCallingTheControlPlane(string[] arguments, string message)
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync(["chaos", "run", .. arguments, "--api", Api]);

        Assert.Equal(1, code);
        Assert.Contains(message, cli.Error, StringComparison.Ordinal);
        Assert.Contains("cellctl chaos run --help", cli.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task List_Experiments_ShowsStateFaultAndVerdict()
    {
        _fake.RespondJson("GET", "/api/v1/experiments", 200, new List<Experiment>
        {
            Samples.Experiment("exp-2"),
            Samples.Experiment("exp-1", ExperimentState.Completed, Samples.Report("leaked")),
        });
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "list", "--limit", "5", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal("?limit=5", Assert.Single(_fake.Requests).Query);
        Assert.Contains("exp-2", cli.Out, StringComparison.Ordinal);
        Assert.Contains("error 503", cli.Out, StringComparison.Ordinal);
        Assert.Contains("due in 40s", cli.Out, StringComparison.Ordinal);
        Assert.Contains("leaked", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WithReport_PrintsDetailsCellsAndEvidence()
    {
        _fake.RespondJson("GET", "/api/v1/experiments/exp-1", 200, Samples.Experiment(state: ExperimentState.Completed, report: Samples.Report()));
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "show", "exp-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Fault in c1", cli.Out, StringComparison.Ordinal);
        Assert.Contains("error 503 for 30s", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Tenants with errors during the fault: 2 of 4 (50.0%): t1, t2", cli.Out, StringComparison.Ordinal);
        Assert.Contains("c2: error rate 0.0% → 0.0%, p99 13 ms → 14 ms (90 requests), within limits", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WithoutReport_SaysWhenItIsDue()
    {
        _fake.RespondJson("GET", "/api/v1/experiments/exp-1", 200, Samples.Experiment());
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "show", "exp-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("due 2025-06-01 12:00:40Z (in 40s)", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Unknown_Prints404AndExits1()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "show", "exp-9", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("HTTP 404", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_Running_PostsStopAndSaysFaultsCleared()
    {
        _fake.RespondJson("POST", "/api/v1/experiments/exp-1/stop", 200, Samples.Experiment(state: ExperimentState.Stopped));
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "stop", "exp-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Experiment exp-1 is Stopped; its faults are cleared; report due 2025-06-01 12:00:40Z.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillSwitch_Engage_PostsAndListsStoppedExperiments()
    {
        _fake.RespondJson("POST", "/api/v1/experiments/kill-switch", 200, new ExperimentKillSwitch(true, Samples.Now, "cellctl/ops", ["exp-1", "exp-2"]));
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "kill-switch", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Kill switch engaged: new experiments are refused. (since 2025-06-01 12:00:00Z by cellctl/ops)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Stopped: exp-1, exp-2 (faults cleared).", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillSwitch_Release_SendsDelete()
    {
        _fake.RespondJson("DELETE", "/api/v1/experiments/kill-switch", 200, new ExperimentKillSwitch(false, Samples.Now, "cellctl/ops", []));
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "kill-switch", "--release", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal("DELETE", Assert.Single(_fake.Requests).Method);
        Assert.Contains("Kill switch released: experiments may run.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillSwitch_ShowJson_OnlyReads()
    {
        _fake.RespondJson("GET", "/api/v1/experiments/kill-switch", 200, new ExperimentKillSwitch(false, null, null, []));
        var cli = new CliHarness();

        var code = await cli.RunAsync("chaos", "kill-switch", "--show", "--json", "--api", Api);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.False(document.RootElement.GetProperty("engaged").GetBoolean());
    }
}
