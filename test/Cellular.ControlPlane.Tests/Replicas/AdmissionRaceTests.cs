using System.Net;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Tests.Replicas;

/// <summary>
/// Two control planes on one store (SQLite here: each has its own services, in-process locks and
/// connections; only the store's serialised write transactions are shared), each sent requests
/// that would pass alone at the same moment: the "is this cell free?" rules are decided in the
/// write transaction that takes the cell, so exactly one request wins each round.
/// </summary>
public sealed class AdmissionRaceTests
{
    private const int RequestsPerReplica = 3;

    [Fact]
    public async Task CreateExperiment_SameCellOnTwoReplicasAtOnce_OnlyOneIsAdmittedEachRound()
    {
        await using var h = await ExperimentHarness.StartAsync();
        await using var replica = h.StartReplica();
        using var other = replica.Client("tester");
        const string Body = """{"targets":["c1"],"fault":{"kind":"error","status":503},"durationSeconds":30}""";

        for (var round = 0; round < 4; round++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 2 * RequestsPerReplica)
                .Select(i => Task.Run(() => (i % 2 == 0 ? h.Client : other).PostJsonAsync("/api/v1/experiments", Body))));
            try
            {
                var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
                foreach (var refused in responses.Where(r => r != created))
                {
                    Assert.Contains("is a target of experiment", await refused.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
                }

                var experiment = await created.ReadAsync(CellularJsonContext.Default.Experiment);
                using var stop = await h.Client.PostAsync($"/api/v1/experiments/{experiment.Id}/stop", null);
                Assert.True(stop.StatusCode == HttpStatusCode.OK, await stop.Content.ReadAsStringAsync());
            }
            finally
            {
                foreach (var response in responses)
                {
                    response.Dispose();
                }
            }
        }
    }

    [Fact]
    public async Task CreateDeployment_SameCellOnTwoReplicasAtOnce_OnlyOneIsPlanned()
    {
        await using var h = await DeploymentHarness.StartAsync();
        await using var replica = h.StartReplica();
        using var other = replica.Client("tester");

        foreach (var cell in DeploymentHarness.CellIds)
        {
            var body = $$"""{"version":"2.0.0","cells":["{{cell}}"]}""";
            var responses = await Task.WhenAll(Enumerable.Range(0, 2 * RequestsPerReplica)
                .Select(i => Task.Run(() => (i % 2 == 0 ? h.Client : other).PostJsonAsync("/api/v1/deployments", body))));
            try
            {
                Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
                foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
                {
                    Assert.Contains($"Cell '{cell}' is part of deployment", await refused.AssertProblemAsync(HttpStatusCode.Conflict), StringComparison.Ordinal);
                }
            }
            finally
            {
                foreach (var response in responses)
                {
                    response.Dispose();
                }
            }
        }
    }
}
