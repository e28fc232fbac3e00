using System.Net;
using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Fleet;

public sealed class ListFilterTests
{
    [Fact]
    public async Task ExperimentsAndDeployments_FilteredByCell_AndWaitingForApprovalListed()
    {
        await using var fleet = new FleetTestApp(withRouter: false);
        await fleet.AddCellAsync("a");
        await fleet.AddCellAsync("b");
        var database = fleet.App.Services.GetRequiredService<IStoreDatabase>();
        var experiments = fleet.App.Services.GetRequiredService<ExperimentStore>();
        var deploymentChanges = fleet.App.Services.GetRequiredService<DeploymentTransitions>();
        var at = fleet.Clock.GetUtcNow();
        await database.WriteAsync(
            tx => experiments.InsertAsync(
                tx,
                new Experiment(
                    "pending", null, ExperimentState.Completed, ["a"], new ExperimentFault(CellFaultKind.Error, null, 500, 1, null), 30,
                    new ExperimentStopConditions(0.05, 2, 50, 20), 10, 10, "tester", at, at, at, "done", [], null, null)),
            CancellationToken.None);
        await deploymentChanges.CreateAsync(new DeploymentRecord(Deployment(at, DeploymentState.Succeeded, DeploymentWaveState.Succeeded, "a")), "tester", CancellationToken.None);
        await deploymentChanges.CreateAsync(new DeploymentRecord(Deployment(at, DeploymentState.WaitingForApproval, DeploymentWaveState.WaitingForApproval, "b")), "tester", CancellationToken.None);

        Assert.Single(await ListAsync(fleet.Client, "/api/v1/experiments?cell=a", CellularJsonContext.Default.ListExperiment));
        Assert.Empty(await ListAsync(fleet.Client, "/api/v1/experiments?cell=b", CellularJsonContext.Default.ListExperiment));
        var deployments = await ListAsync(fleet.Client, "/api/v1/deployments?cell=b", CellularJsonContext.Default.ListDeployment);
        Assert.Equal([DeploymentState.WaitingForApproval], deployments.Select(d => d.State));
        Assert.Equal(2, (await ListAsync(fleet.Client, "/api/v1/deployments", CellularJsonContext.Default.ListDeployment)).Count);

        using var response = await fleet.Client.GetAsync("/api/v1/fleet");
        var page = await response.ReadAsync(CellularJsonContext.Default.FleetPage);
        var waiting = Assert.Single(page.Summary.WaitingForApproval);
        Assert.Equal((deployments[0].Id, "2.0.0", 0, "b"), (waiting.Deployment, waiting.Version, waiting.Wave, waiting.Cells.Single()));
        Assert.Equal(deployments[0].Id, page.Rows.Single(r => r.Id == "b").Deployment);
        Assert.Null(page.Rows.Single(r => r.Id == "a").Deployment);
    }

    private static async Task<List<T>> ListAsync<T>(HttpClient client, string url, System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<T>> type)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync(type);
    }

    private static Deployment Deployment(DateTimeOffset at, DeploymentState state, DeploymentWaveState wave, string cell) => new(
        "ignored",
        null,
        state,
        "2.0.0",
        new CellRelease("2.0.0", null, new Dictionary<string, string>()),
        [new DeploymentWave(0, [cell], wave, 10)],
        [new DeploymentCell(cell, 0, DeploymentCellState.Pending)],
        MaxParallel: 2,
        DeploymentApproval.None,
        RollbackAll: false,
        new DeploymentGates(0.05, 2, 50, 20, 60),
        "admin",
        at,
        at,
        null,
        Reason: null,
        Evidence: [],
        Report: null);
}
