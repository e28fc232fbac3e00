using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Experiments;

public sealed class ExperimentsApiTests : IAsyncLifetime
{
    private ExperimentHarness _h = null!;

    public async Task InitializeAsync() => _h = await ExperimentHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Create_ValidRequest_InjectsFaultIntoTargetsOnlyAndRuns()
    {
        using var response = await _h.PostExperimentAsync(
            """{"name":"c1 errors","targets":["c1"],"fault":{"kind":"error","status":503,"tenants":["t1"]},"durationSeconds":30}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var experiment = await response.ReadAsync(CellularJsonContext.Default.Experiment);
        Assert.Equal($"/api/v1/experiments/{experiment.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("exp-1", "c1 errors", ExperimentState.Running, "tester"), (experiment.Id, experiment.Name, experiment.State, experiment.CreatedBy));
        Assert.Equal(new ExperimentStopConditions(0.05, 2.0, 50, 20), experiment.StopConditions);
        Assert.Equal((10, 10, _h.Time.GetUtcNow()), (experiment.BaselineSeconds, experiment.AfterSeconds, experiment.StartedAt!.Value));
        var injection = Assert.Single(experiment.Injections);
        Assert.Equal(("c1", "f1"), (injection.Cell, injection.FaultId));
        Assert.Equal(["POST f1 error 30s"], _h.C1.FaultCalls);
        Assert.Equal(["t1"], _h.C1.ActiveFaults["f1"].Tenants!);
        Assert.Equal(503, _h.C1.ActiveFaults["f1"].Status);
        Assert.Empty(_h.C2.FaultCalls);
        var now = _h.Time.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.Contains((now - 10_000, now), _h.Router.Queries);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"kind\":\"error\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Running\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"targets\":[\"c1\"],", "not valid JSON")]
    [InlineData("""{"fault":{"kind":"error"},"durationSeconds":30}""", "'targets' is required")]
    [InlineData("""{"targets":[],"fault":{"kind":"error"},"durationSeconds":30}""", "'targets' is required")]
    [InlineData("""{"targets":"c1","fault":{"kind":"error"},"durationSeconds":30}""", "'targets' has the wrong type")]
    [InlineData("""{"targets":["C1"],"fault":{"kind":"error"},"durationSeconds":30}""", "not allowed")]
    [InlineData("""{"targets":["c1","c1"],"fault":{"kind":"error"},"durationSeconds":30}""", "more than once")]
    [InlineData("""{"targets":["c1"],"durationSeconds":30}""", "'fault' is required")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"melt"},"durationSeconds":30}""", "Unknown fault kind 'melt'")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"latency"},"durationSeconds":30}""", "'fault.latencyMs' is required")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error","latencyMs":5},"durationSeconds":30}""", "applies only to latency")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error","status":404},"durationSeconds":30}""", "429 or 500 to 599")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error","rate":1.5},"durationSeconds":30}""", "'fault.rate'")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error","rate":"all"},"durationSeconds":30}""", "'fault.rate' has the wrong type (line 1, position 55); it must be a number")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error","tenant":["t1"]},"durationSeconds":30}""", "unknown field 'fault.tenant'")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error","tenants":["bad id"]},"durationSeconds":30}""", "'fault.tenants'")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"}}""", "'durationSeconds' is required")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"},"durationSeconds":0}""", "'durationSeconds' must be 1 to 3600")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"},"durationSeconds":3601}""", "'durationSeconds' must be 1 to 3600")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"},"durationSeconds":30,"baselineSeconds":0}""", "'baselineSeconds' must be 1 to 300")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"},"durationSeconds":30,"afterSeconds":301}""", "'afterSeconds' must be 0 to 300")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"},"durationSeconds":30,"stopConditions":{"nonTargetErrorRateIncrease":2}}""", "nonTargetErrorRateIncrease")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"},"durationSeconds":30,"stopConditions":{"nonTargetP99Factor":0.5}}""", "nonTargetP99Factor")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"},"durationSeconds":30,"stopConditions":{"minRequests":0}}""", "'stopConditions.minRequests' must be 1")]
    [InlineData("""{"targets":["c1"],"fault":{"kind":"error"},"durationSeconds":30,"stopConditions":{"maxErrors":3}}""", "unknown field 'stopConditions.maxErrors'")]
    public async Task Create_BadInput_Returns400SayingWhatIsWrong(string json, string expected)
    {
        using var response = await _h.PostExperimentAsync(json);

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Empty(_h.C1.FaultCalls);
    }

    [Fact]
    public async Task Create_UnknownTarget_Returns404()
    {
        using var response = await _h.PostExperimentAsync("""{"targets":["c1","c9"],"fault":{"kind":"abort"},"durationSeconds":30}""");

        Assert.Contains("c9", await response.AssertProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Empty(_h.C1.FaultCalls);
    }

    [Fact]
    public async Task Create_TargetNotActive_Returns409()
    {
        (await _h.Client.PostAsync("/api/v1/cells/c2/drain", null)).Dispose();

        using var response = await _h.PostExperimentAsync("""{"targets":["c2"],"fault":{"kind":"abort"},"durationSeconds":30}""");

        Assert.Contains("Draining", await response.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Empty(_h.C2.FaultCalls);
    }

    [Fact]
    public async Task Create_TargetUnderRunningExperiment_Returns409NamingIt()
    {
        var first = await _h.StartExperimentAsync();

        using var response = await _h.PostExperimentAsync("""{"targets":["c2","c1"],"fault":{"kind":"latency","latencyMs":200},"durationSeconds":30}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(first.Id, detail, StringComparison.Ordinal);
        Assert.Contains("'c1'", detail, StringComparison.Ordinal);
        Assert.Empty(_h.C2.FaultCalls);
    }

    [Fact]
    public async Task Create_OtherCellWhileOneRuns_IsAccepted()
    {
        await _h.StartExperimentAsync();

        var second = await _h.StartExperimentAsync("\"c2\"");

        Assert.Equal("exp-2", second.Id);
    }

    [Fact]
    public async Task Create_KillSwitchEngaged_Returns409UntilReleased()
    {
        (await _h.Client.PostAsync("/api/v1/experiments/kill-switch", null)).Dispose();

        using var refused = await _h.PostExperimentAsync("""{"targets":["c1"],"fault":{"kind":"abort"},"durationSeconds":30}""");
        Assert.Contains("kill switch", await refused.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
        var state = (await _h.Client.GetFromJsonAsync("/api/v1/experiments/kill-switch", CellularJsonContext.Default.ExperimentKillSwitch))!;
        Assert.Equal((true, "tester"), (state.Engaged, state.ChangedBy));

        using var release = await _h.Client.DeleteAsync("/api/v1/experiments/kill-switch");
        Assert.False((await release.ReadAsync(CellularJsonContext.Default.ExperimentKillSwitch)).Engaged);

        await _h.StartExperimentAsync();
        Assert.Equal(["experiment.start", "experiment.create", "experiment.kill-switch.release", "experiment.kill-switch.engage"], (await _h.AuditAsync()).Take(4).Select(a => a.Action));
    }

    [Fact]
    public async Task Create_CellRefusesFault_FailsAndClearsTheFaultsAlreadySet()
    {
        _h.C2.FaultStatus = 500;

        using var response = await _h.PostExperimentAsync("""{"targets":["c1","c2"],"fault":{"kind":"abort"},"durationSeconds":30}""");

        var experiment = await response.ReadAsync(CellularJsonContext.Default.Experiment);
        Assert.Equal(ExperimentState.Failed, experiment.State);
        Assert.Contains("Cell c2 did not take the fault", experiment.Reason, StringComparison.Ordinal);
        Assert.Equal(["POST f1 abort 30s", "DELETE f1"], _h.C1.FaultCalls);
        Assert.Empty(_h.C1.ActiveFaults);
        Assert.Null(experiment.ReportDueAt);
        Assert.Equal("experiment.fail", (await _h.AuditAsync())[0].Action);

        await _h.StartExperimentAsync();
    }

    [Fact]
    public async Task Create_RouterStatsUnavailable_FailsWithoutInjecting()
    {
        _h.Router.Status = 500;

        using var response = await _h.PostExperimentAsync("""{"targets":["c1"],"fault":{"kind":"abort"},"durationSeconds":30}""");

        var experiment = await response.ReadAsync(CellularJsonContext.Default.Experiment);
        Assert.Equal(ExperimentState.Failed, experiment.State);
        Assert.Contains("baseline could not be read", experiment.Reason, StringComparison.Ordinal);
        Assert.Contains(_h.Router.Url, experiment.Reason, StringComparison.Ordinal);
        Assert.Empty(_h.C1.FaultCalls);
    }

    [Fact]
    public async Task Create_NoRoutersConfigured_Returns500ExplainingTheSetting()
    {
        using var root = new TempDirectory("cp-no-routers");
        await using var app = new ControlPlaneApp(root.Path);
        using var client = app.Client();
        await client.CreateStaticCellAsync(_h.C1);

        using var response = await client.PostJsonAsync("/api/v1/experiments", """{"targets":["c1"],"fault":{"kind":"abort"},"durationSeconds":30}""");

        Assert.Contains("Cellular:ControlPlane:Routers:0", await response.AssertProblemAsync(HttpStatusCode.InternalServerError), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndGet_Experiments_NewestFirstAnd404ForUnknown()
    {
        await _h.StartExperimentAsync();
        await _h.StartExperimentAsync("\"c2\"");

        var list = (await _h.Client.GetFromJsonAsync("/api/v1/experiments", CellularJsonContext.Default.ListExperiment))!;
        var limited = (await _h.Client.GetFromJsonAsync("/api/v1/experiments?limit=1", CellularJsonContext.Default.ListExperiment))!;
        using var missing = await _h.Client.GetAsync("/api/v1/experiments/exp-9");
        using var stopMissing = await _h.Client.PostAsync("/api/v1/experiments/exp-9/stop", null);

        Assert.Equal(["exp-2", "exp-1"], list.Select(e => e.Id));
        Assert.Equal("exp-2", Assert.Single(limited).Id);
        Assert.Equal(["c1"], (await _h.GetExperimentAsync("exp-1")).Targets);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        await stopMissing.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
