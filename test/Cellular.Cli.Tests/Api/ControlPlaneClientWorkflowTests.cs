using Cellular.Cli.Api;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Api;

/// <summary>The client's experiment, migration and rebalance calls against the fake control plane.</summary>
public sealed class ControlPlaneClientWorkflowTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task CreateExperimentAsync_Created_ReadsExperimentWithEnumsAndReport()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment(state: ExperimentState.Completed, report: Samples.Report()));
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var experiment = await client.CreateExperimentAsync(new CreateExperimentRequest("n", ["c1"], new ExperimentFaultRequest("error"), 30));

        Assert.Equal(ExperimentState.Completed, experiment.State);
        Assert.Equal(CellFaultKind.Error, experiment.Fault.Kind);
        Assert.Equal("contained", experiment.Report!.Verdict);
        Assert.Equal("Bearer " + FakeControlPlane.Token, Assert.Single(_fake.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task KillSwitchCalls_UseGetPostAndDelete()
    {
        var killSwitch = new ExperimentKillSwitch(false, null, null, []);
        _fake.RespondJson("GET", "/api/v1/experiments/kill-switch", 200, killSwitch);
        _fake.RespondJson("POST", "/api/v1/experiments/kill-switch", 200, killSwitch with { Engaged = true });
        _fake.RespondJson("DELETE", "/api/v1/experiments/kill-switch", 200, killSwitch);
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        Assert.False((await client.GetKillSwitchAsync()).Engaged);
        Assert.True((await client.EngageKillSwitchAsync()).Engaged);
        Assert.False((await client.ReleaseKillSwitchAsync()).Engaged);

        Assert.Equal(["GET", "POST", "DELETE"], _fake.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task ListMigrationsAsync_Filters_EscapedQuery()
    {
        _fake.RespondJson("GET", "/api/v1/migrations", 200, new List<Migration> { Samples.Migration(state: MigrationState.Soak) });
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var migrations = await client.ListMigrationsAsync("a.b_c", MigrationState.CatchingUp, 10);

        Assert.Equal(MigrationState.Soak, Assert.Single(migrations).State);
        Assert.Equal("?tenant=a.b_c&state=CatchingUp&limit=10", Assert.Single(_fake.Requests).Query);
    }

    [Fact]
    public async Task MigrationActions_PostToTheirPaths()
    {
        _fake.RespondJson("POST", "/api/v1/migrations/mig-1/abort", 200, Samples.Migration(state: MigrationState.Aborted));
        _fake.RespondJson("POST", "/api/v1/migrations/mig-1/reverse", 201, Samples.Migration("mig-2"));
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        Assert.Equal(MigrationState.Aborted, (await client.AbortMigrationAsync("mig-1")).State);
        Assert.Equal("mig-2", (await client.ReverseMigrationAsync("mig-1")).Id);
    }

    [Fact]
    public async Task RebalanceAsync_DryRun_SendsOnlyWhatWasGiven()
    {
        _fake.RespondJson("POST", "/api/v1/rebalance", 200, new RebalancePlan(0.8, true, [], [], [], [], []));
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var plan = await client.RebalanceAsync(new RebalanceRequest(DryRun: true));

        Assert.True(plan.DryRun);
        Assert.Equal("""{"dryRun":true}""", Assert.Single(_fake.Requests).Body);
    }

    [Fact]
    public async Task GetMigrationAsync_UnreadableAnswer_SaysSo()
    {
        _fake.Respond("GET", "/api/v1/migrations/mig-1", 200, """{"id":"mig-1","state":"Teleporting"}""");
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => client.GetMigrationAsync("mig-1"));

        Assert.Equal("Unexpected answer", ex.Title);
    }
}
