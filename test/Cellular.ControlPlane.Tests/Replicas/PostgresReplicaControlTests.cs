using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Cellular.Testing.Postgres;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Replicas;

/// <summary>
/// Two control planes (replicas <c>cp-a</c> and <c>cp-b</c>) on one PostgreSQL database, real
/// time, a short lease: a control request sent to the replica that does NOT drive the work reaches
/// the one that does through the store (an interrupt request on the work's lease, seen at its
/// heartbeat), as if it had been sent there.
/// </summary>
[Collection(NotesCellsCollection.Name)]
public sealed class PostgresReplicaControlTests(NotesCells cells, PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    /// <summary>Part of the reason a run gives for a rollback an operator asked for.</summary>
    private const string AbortReason = "asked to abort the migration";

    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    private readonly TempDirectory _root = new("cp-replicas");
    private readonly List<WebApplicationFactory<Program>> _apps = [];
    private readonly List<HttpClient> _clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _root.Dispose();
    }

    [Fact]
    public async Task AbortMigration_SentToTheReplicaNotDrivingIt_EndsItWithinALeaseTime()
    {
        // a drives the migration: it is the only replica when the migration starts, and holds it at its copy.
        var checkpointsA = new TestCheckpoints();
        var gate = checkpointsA.Gate(MigrationCheckpoints.CopyingStarted);
        var a = StartReplica("cp-a", checkpointsA);
        foreach (var id in new[] { "c1", "c2" })
        {
            using var created = await a.PostJsonAsync("/api/v1/cells", $$"""{"id":"{{id}}","provider":"static","endpoint":"{{cells[id].Endpoint}}"}""");
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var tenant = MigrationHarness.NewTenant("replica-abort");
        await a.CreateTenantAsync($$"""{"id":"{{tenant}}","cell":"c1"}""");
        using (var planned = await a.PostJsonAsync("/api/v1/migrations", $$"""{"tenant":"{{tenant}}","to":"c2"}"""))
        {
            Assert.True(planned.StatusCode == HttpStatusCode.Created, await planned.Content.ReadAsStringAsync());
        }

        await gate.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var migrationId = (await ListAsync(a, tenant)).Single().Id;

        // b joins and is asked to abort the migration a drives.
        var b = StartReplica("cp-b", new TestCheckpoints());
        var asked = TimeProvider.System.GetTimestamp();
        using (var abort = await b.PostAsync($"/api/v1/migrations/{migrationId}/abort", null))
        {
            Assert.True(abort.StatusCode == HttpStatusCode.OK, await abort.Content.ReadAsStringAsync());
            Assert.True((await abort.ReadAsync(CellularJsonContext.Default.Migration)).AbortRequested);
        }

        Migration? ended = null;
        await Eventually.TrueAsync(
            async () => (ended = await GetAsync(b, migrationId)).State == MigrationState.Aborted,
            $"migration {migrationId} aborted through replica cp-b",
            Ttl * 3);

        // a rolled it back: its run was stopped at the gate (never released) by the request it saw at a heartbeat.
        var took = TimeProvider.System.GetElapsedTime(asked);
        Assert.True(took < Ttl + TimeSpan.FromSeconds(2), $"The abort took {took}, more than a lease time ({Ttl}) and slack.");
        Assert.False(gate.Released.Task.IsCompleted);
        Assert.Equal("c1", (await b.GetTableAsync()).Tenants.Single(t => t.Id == tenant).Cell);
        Assert.Contains(AbortReason, ended!.Reason, StringComparison.Ordinal);
    }

    private HttpClient StartReplica(string replicaId, TestCheckpoints checkpoints)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:ReplicaId"] = replicaId,
            ["Cellular:ControlPlane:Store:Provider"] = "postgres",
            ["Cellular:ControlPlane:Store:ConnectionString"] = database.ConnectionString,
            ["Cellular:ControlPlane:Leases:Ttl"] = "00:00:03",
            ["Cellular:ControlPlane:Health:Enabled"] = "false",
            ["Cellular:ControlPlane:Migrations:CutoverBudget"] = "00:00:30",
            ["Cellular:ControlPlane:Auth:MasterKeyFile"] = cells.MasterKeyFile,
        };
        var app = new ControlPlaneApp(_root.Path, settings)
            .WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IMigrationCheckpoint>(checkpoints)));
        _apps.Add(app);
        var client = ControlPlaneApp.AuthorizedClient(app, _root.Path, "tester");
        _clients.Add(client);
        return client;
    }

    private static async Task<List<Migration>> ListAsync(HttpClient client, string tenant) =>
        [.. (await client.GetFromJsonAsync($"/api/v1/migrations?tenant={tenant}", CellularJsonContext.Default.ListMigration))!];

    private static async Task<Migration> GetAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync($"/api/v1/migrations/{id}", CellularJsonContext.Default.Migration))!;
}
