using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Cellular.Testing.Postgres;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

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
    private string _database = null!;
    private string _connectionString = null!;

    /// <summary>A database of its own for each test: the replicas register the same cells.</summary>
    public async Task InitializeAsync()
    {
        _database = await database.Server.CreateDatabaseAsync("replicas");
        _connectionString = database.Server.ConnectionString(_database);
    }

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
        await database.Server.DropDatabaseAsync(_database);
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

    [Fact]
    public async Task ReverseMigration_SentToTheReplicaNotDrivingItsSoak_StopsThatRunBeforePlanningTheWayBack()
    {
        // a drives the migration through its switch and soaks it (long soak: its run waits).
        var a = StartReplica("cp-a", new TestCheckpoints(), soak: "00:10:00");
        var (tenant, migrationId) = await MigrateAsync(a);
        await Eventually.TrueAsync(async () => (await GetAsync(a, migrationId)).State == MigrationState.Soak, $"migration {migrationId} soaking", TimeSpan.FromSeconds(60));
        Assert.Equal("cp-a", await LeaseOwnerAsync(migrationId));

        // b is asked to reverse it: it makes a's run let go of the migration, then plans the way back under the lease.
        var b = StartReplica("cp-b", new TestCheckpoints(), soak: "00:10:00");
        Migration reverse;
        using (var response = await b.PostAsync($"/api/v1/migrations/{migrationId}/reverse", null))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            reverse = await response.ReadAsync(CellularJsonContext.Default.Migration);
        }

        var original = await GetAsync(b, migrationId);
        Assert.Equal((MigrationState.Complete, reverse.Id), (original.State, original.ReversedBy));

        // Released by b, not held by a's soak any more (before, a kept soaking and would purge the source at its end).
        Assert.Null(await LeaseOwnerAsync(migrationId));
        await Eventually.TrueAsync(async () => (await GetAsync(b, reverse.Id)).State == MigrationState.Soak, $"reverse {reverse.Id} soaking", TimeSpan.FromSeconds(60));
        Assert.Equal("c1", (await b.GetTableAsync()).Tenants.Single(t => t.Id == tenant).Cell);
    }

    /// <summary>Registers c1 and c2, creates a tenant on c1 and plans its move to c2.</summary>
    private async Task<(string Tenant, string Migration)> MigrateAsync(HttpClient client)
    {
        foreach (var id in new[] { "c1", "c2" })
        {
            using var created = await client.PostJsonAsync("/api/v1/cells", $$"""{"id":"{{id}}","provider":"static","endpoint":"{{cells[id].Endpoint}}"}""");
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var tenant = MigrationHarness.NewTenant("replica");
        await client.CreateTenantAsync($$"""{"id":"{{tenant}}","cell":"c1"}""");
        using var planned = await client.PostJsonAsync("/api/v1/migrations", $$"""{"tenant":"{{tenant}}","to":"c2"}""");
        Assert.True(planned.StatusCode == HttpStatusCode.Created, await planned.Content.ReadAsStringAsync());
        return (tenant, (await planned.ReadAsync(CellularJsonContext.Default.Migration)).Id);
    }

    /// <summary>Who holds the migration's lease now, straight from the store.</summary>
    private async Task<string?> LeaseOwnerAsync(string migrationId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        return await connection.QueryFirstOrDefaultAsync<string?>(
            "SELECT owner FROM leases WHERE name = @name AND expires_at > clock_timestamp();",
            new { name = $"migration:{migrationId}" });
    }

    private HttpClient StartReplica(string replicaId, TestCheckpoints checkpoints, string soak = "00:00:30")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:ReplicaId"] = replicaId,
            ["Cellular:ControlPlane:Store:Provider"] = "postgres",
            ["Cellular:ControlPlane:Store:ConnectionString"] = _connectionString,
            ["Cellular:ControlPlane:Leases:Ttl"] = "00:00:03",
            ["Cellular:ControlPlane:Health:Enabled"] = "false",
            ["Cellular:ControlPlane:Migrations:CutoverBudget"] = "00:00:30",
            ["Cellular:ControlPlane:Migrations:Soak"] = soak,
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
