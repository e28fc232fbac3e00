using System.Text.Json;
using Cellular.Cli.Api;
using Cellular.Cli.Commands;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class DeploymentsCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task List_Limit_AsksForItAndPrintsOneRowPerDeployment()
    {
        _fake.RespondJson("GET", "/api/v1/deployments", 200, new List<Deployment> { DeploymentSamples.RolledBack("dep-2"), DeploymentSamples.Succeeded("dep-1") with { Name = "notes 2" } });
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "list", "--limit", "5", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal("?limit=5", Assert.Single(_fake.Requests).Query);
        Assert.Matches(@"│ dep-2 │ 2\.0\.0 +│ RolledBack │ +1/2 │ +3 │ 60m ago │ c3 failed the peers gate: error rate 12\.0% against 0\.1% \(limit 5\.1%\);… │", cli.Out);
        Assert.Matches(@"│ dep-1 │ 2\.0\.0 notes 2 │ Succeeded +│ +2/2 │ +3 │ 60m ago │ - +│", cli.Out);
    }

    [Fact]
    public async Task List_None_SaysHowToStartOne()
    {
        _fake.RespondJson("GET", "/api/v1/deployments", 200, new List<Deployment>());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "list", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("No deployments yet. Start one with cellctl deploy <version>", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_RolledBack_PrintsPlanEvidenceAndReportWithNoData()
    {
        _fake.RespondJson("GET", "/api/v1/deployments/dep-1", 200, DeploymentSamples.RolledBack());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "show", "dep-1", "--api", Api);

        Assert.Equal(0, code);
        var output = cli.Out;
        Assert.Contains("RolledBack", output, StringComparison.Ordinal);
        Assert.Contains("c3 failed the peers gate", output, StringComparison.Ordinal);
        Assert.Contains("/opt/notes/2.0.0/Notes.dll", output, StringComparison.Ordinal);
        Assert.Contains("Notes:Greeting=hi", output, StringComparison.Ordinal);
        Assert.Matches(@"│ +1 │ Succeeded +│ c1 Deployed +│ baked 10m +│", output);
        Assert.Matches(@"│ +2 │ RolledBack │ c2 RolledBack  c3 RolledBack │ ended 2025-06-01 12:00:00Z │", output);
        Assert.Contains("Gate evidence", output, StringComparison.Ordinal);
        Assert.Matches(@"│ 2025-06-01 12:01:00Z │ +2 │ c3 +│ peers │ errorRate │ +12\.0% │ +0\.1% │ +5\.1% │ Fail +│ c3's error rate", output);
        Assert.Matches(@"│ release +│ 2\.0\.0 +│ c1 +│ +1,200 │ +12\.0% │ +42 ms │", output);
        Assert.Matches(@"│ previous │ 1\.0\.0 +│ c2, c3 │ +0 │ +no data │ +no data │", output);
        Assert.Contains("Decided by: wave 2 c3 peers errorRate: canary 12.0%, baseline 0.1%, threshold 5.1% → Fail", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_NullGateNumbers_PrintNoData()
    {
        var inconclusive = DeploymentSamples.Decision(0, "c1", GateVerdict.Inconclusive, null, null, 20, "3 requests in the window, 20 needed", metric: "requests", gate: "traffic");
        _fake.RespondJson("GET", "/api/v1/deployments/dep-1", 200, DeploymentSamples.Waiting(DeploymentState.Paused, "c1 saw too few requests") with { Evidence = [inconclusive] });
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "show", "dep-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Matches(@"│ traffic │ requests +│ +no data │ +no data │ +20 │ Inconclusive │ 3 requests in the window, 20 needed │", cli.Out);
        Assert.Contains("Resume it with cellctl deployments resume dep-1", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowJson_PrintsTheDeployment()
    {
        _fake.RespondJson("GET", "/api/v1/deployments/dep-1", 200, DeploymentSamples.Baking());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "show", "dep-1", "--json", "--api", Api);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal("Baking", document.RootElement.GetProperty("state").GetString());
        Assert.Equal("Baking", document.RootElement.GetProperty("waves")[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Pause_WithReason_SendsItAndSaysWhenItTakesEffect()
    {
        _fake.RespondJson("POST", "/api/v1/deployments/dep-1/pause", 200, DeploymentSamples.Baking() with { PauseRequested = true });
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "pause", "dep-1", "--reason", "holiday traffic", "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal("holiday traffic", body.RootElement.GetProperty("reason").GetString());
        Assert.Contains("Pause requested for dep-1 (Baking): it pauses at its next step. Resume it with cellctl deployments resume dep-1", cli.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resume", "Resumed dep-1; it is Running.")]
    [InlineData("approve", "Approved the next wave of dep-1; it is Running.")]
    [InlineData("abort", "Abort requested for dep-1 (Running): it stops at its next step; cells already deployed keep 2.0.0.")]
    public async Task Action_WithoutReason_PostsNoBody(string action, string expected)
    {
        _fake.RespondJson("POST", $"/api/v1/deployments/dep-1/{action}", 200, DeploymentSamples.Running());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", action, "dep-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, Assert.Single(_fake.RequestsTo("POST", $"/api/v1/deployments/dep-1/{action}")).Body);
        Assert.Contains(expected, cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_NotWaiting_PrintsTheProblemAndExits1()
    {
        _fake.RespondProblem("POST", "/api/v1/deployments/dep-1/approve", 409, "Nothing to approve", "dep-1 is Baking; it waits for no approval.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "approve", "dep-1", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("error: Nothing to approve (HTTP 409)", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_EmptyReason_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "abort", "dep-1", "--reason", " ", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("--reason is empty", cli.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData(DeploymentState.Failed, 3)]
    [InlineData(DeploymentState.Aborted, 4)]
    public async Task Watch_EndsNotSucceeded_ExitCodeSaysHow(DeploymentState state, int expected)
    {
        _fake.RespondSequence("GET", "/api/v1/deployments/dep-1", DeploymentSamples.Running(), DeploymentSamples.Ended(state, "stopped by admin"));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "deployments", "watch", "dep-1", "--api", Api);

        Assert.Equal(expected, code);
        Assert.Contains($"Deployment dep-1 (2.0.0) {state}: stopped by admin (exit code {expected})", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_WaitingForApproval_SaysHowToApproveThenFollowsToTheEnd()
    {
        _fake.RespondSequence(
            "GET",
            "/api/v1/deployments/dep-1",
            DeploymentSamples.Waiting(DeploymentState.WaitingForApproval),
            DeploymentSamples.Waiting(DeploymentState.WaitingForApproval),
            DeploymentSamples.Succeeded());
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "deployments", "watch", "dep-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("dep-1 WaitingForApproval", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Approve the next wave with cellctl deployments approve dep-1", cli.Out, StringComparison.Ordinal);
        Assert.Contains("  wave 2 WaitingForApproval: c2, c3", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Succeeded: 2.0.0 runs on 3 of 3 planned cells.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_BakeExtended_SaysUntilWhen()
    {
        var baking = DeploymentSamples.Baking();
        var extended = baking with { Waves = [baking.Waves[0] with { BakeEndsAt = Samples.Now.AddSeconds(552) }, baking.Waves[1]] };
        _fake.RespondSequence("GET", "/api/v1/deployments/dep-1", baking, extended, DeploymentSamples.Succeeded());
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "deployments", "watch", "dep-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("  wave 1 Baking: c1 (bake 10m, ends 2025-06-01 12:04:12Z)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("  wave 1 bake extended to 2025-06-01 12:09:12Z", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_StoppedByCtrlC_SaysTheDeploymentContinuesAndExits130()
    {
        _fake.RespondJson("GET", "/api/v1/deployments/dep-1", 200, DeploymentSamples.Baking());
        var cli = new CliHarness();
        var runner = new ApiCommandRunner(new CommonOptions(cli.Context));
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);
        using var ctrlC = new CancellationTokenSource();

        var watch = DeploymentsCommand.FollowAsync(runner, client, DeploymentSamples.Baking(), asJson: false, ctrlC.Token, CancellationToken.None);
        await ctrlC.CancelAsync();
        var code = await watch;

        Assert.Equal(130, code);
        Assert.Contains("Stopped watching dep-1; the deployment keeps running on the control plane.", cli.Error, StringComparison.Ordinal);
        Assert.Contains("Stop it: cellctl deployments abort dep-1", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_Skew_PrintsVersionsCellsAndNoDataForMissingStats()
    {
        _fake.RespondJson(
            "GET",
            "/api/v1/deployments/ledger",
            200,
            new VersionLedger(
                [new VersionLedgerEntry("1.0.0", ["c2", "c3"], 5400, 0.0015, 12.5), new VersionLedgerEntry("2.0.0", ["c1"], 0, null, null)],
                Skew: true,
                WindowSeconds: 300));
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "ledger", "--window", "5m", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal("?windowSeconds=300", Assert.Single(_fake.Requests).Query);
        Assert.Contains("Version skew: yes — 2 versions across 3 cells (statistics over the last 5m)", cli.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ 1\.0\.0 +│ c2, c3 │ +5,400 │ +0\.2% │ +13 ms │", cli.Out);
        Assert.Matches(@"│ 2\.0\.0 +│ c1 +│ +0 │ +no data │ +no data │", cli.Out);
    }

    [Fact]
    public async Task Ledger_NoSkewStatsMissing_SaysSoAndWhy()
    {
        _fake.RespondJson(
            "GET",
            "/api/v1/deployments/ledger",
            200,
            new VersionLedger([new VersionLedgerEntry("2.0.0", ["c1", "c2"], 0, null, null)], Skew: false, WindowSeconds: 60, StatsError: "router http://127.0.0.1:5080 did not answer"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "ledger", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, Assert.Single(_fake.Requests).Query);
        Assert.Contains("Version skew: no — every live cell runs 2.0.0 (2 cells, statistics over the last 1m)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("warning: no router statistics: router http://127.0.0.1:5080 did not answer", cli.Out, StringComparison.Ordinal);
    }
}
