using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Postgres;
using Cellular.ControlPlane.Tests.Store.Conformance;
using Cellular.Testing.Postgres;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Cellular.ControlPlane.Tests.Store.Postgres;

/// <summary>What only the PostgreSQL provider has to show: replicas migrating at once, a newer schema refused, NOTIFY, the write lock, read-only reads, a description without secrets.</summary>
public sealed class PostgresStoreDatabaseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly PostgresStoreFactory _factory = new(database);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task InitializeAsync_FourReplicasAtOnce_MigrateOnce()
    {
        var first = await _factory.CreatePostgresAsync(TimeProvider.System, []);
        PostgresStoreDatabase[] replicas = [first, .. Enumerable.Range(0, 3).Select(_ => _factory.Open(_factory.LastConnectionString!, TimeProvider.System, []))];

        await Task.WhenAll(replicas.Select(r => r.InitializeAsync(CancellationToken.None)));

        var versions = await first.ReadAsync(tx => tx.Connection.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version;", transaction: tx.Transaction), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, PostgresSchema.Version).Select(v => (long)v), versions);
        Assert.Equal(1L, await first.ReadAsync(tx => tx.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM table_version;", transaction: tx.Transaction), CancellationToken.None));
    }

    [Fact]
    public async Task InitializeAsync_SchemaNewerThanThisBuild_IsRefused()
    {
        var store = await _factory.CreatePostgresAsync(TimeProvider.System, []);
        await store.InitializeAsync(CancellationToken.None);
        await store.WriteAsync(tx => tx.Connection.ExecuteAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', @now);", new { now = tx.NowText }, tx.Transaction), CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _factory.Open(_factory.LastConnectionString!, TimeProvider.System, []).InitializeAsync(CancellationToken.None));

        Assert.Contains("schema version 99", e.Message, StringComparison.Ordinal);
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionBump_Committed_NotifiesTheVersion_NoOpUpdate_DoesNot()
    {
        var store = await _factory.CreatePostgresAsync(TimeProvider.System, []);
        await store.InitializeAsync(CancellationToken.None);
        var heard = new List<string>();
        await using var listener = new NpgsqlConnection(_factory.LastConnectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) => heard.Add($"{e.Channel}:{e.Payload}");
        await listener.ExecuteAsync($"LISTEN {PostgresSchema.TableChannel};");

        await store.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE table_version SET changed_at = @now WHERE id = 1;", new { now = tx.NowText }, tx.Transaction), CancellationToken.None);
        await store.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE table_version SET version = version + 1 WHERE id = 1;", transaction: tx.Transaction), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync<int>(
            async tx =>
            {
                await tx.Connection.ExecuteAsync("UPDATE table_version SET version = version + 1 WHERE id = 1;", transaction: tx.Transaction);
                throw new InvalidOperationException("rolled back: no notification");
            },
            CancellationToken.None));
        await store.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE table_version SET version = version + 1 WHERE id = 1;", transaction: tx.Transaction), CancellationToken.None);
        while (await listener.WaitAsync(TimeSpan.FromMilliseconds(300)))
        {
        }

        Assert.Equal([$"{PostgresSchema.TableChannel}:2", $"{PostgresSchema.TableChannel}:3"], heard);
    }

    [Fact]
    public async Task WriteAsync_FirstStatement_HoldsTheWritesAdvisoryLock()
    {
        var store = await _factory.CreatePostgresAsync(TimeProvider.System, []);
        await store.InitializeAsync(CancellationToken.None);

        var locks = await store.WriteAsync(
            tx => tx.Connection.QueryAsync<(long ClassId, long ObjId)>(
                "SELECT classid::bigint, objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted;",
                transaction: tx.Transaction),
            CancellationToken.None);

        // A bigint key is held as (high 32 bits, low 32 bits).
        Assert.Equal([(PostgresLockKeys.Writes >> 32, PostgresLockKeys.Writes & 0xFFFFFFFF)], locks);

        // Only this class's database: control planes of other test classes hold the lock in theirs meanwhile.
        var after = await store.ReadAsync(tx => tx.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database());", transaction: tx.Transaction), CancellationToken.None);
        Assert.Equal(0L, after);
    }

    [Fact]
    public async Task ReadAsync_Write_IsRefusedAsReadOnly()
    {
        var store = await _factory.CreatePostgresAsync(TimeProvider.System, []);
        await store.InitializeAsync(CancellationToken.None);

        var e = await Assert.ThrowsAsync<PostgresException>(() => store.ReadAsync(
            tx => tx.Connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES ('x', 'y');", transaction: tx.Transaction),
            CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, e.SqlState);
    }

    [Fact]
    public void Description_NamesHostPortAndDatabase_NeverThePassword()
    {
        var description = PostgresStoreDatabase.Describe(new NpgsqlConnectionStringBuilder("Host=db.internal;Port=6432;Database=cellular;Username=cp;Password=s3cret"));

        Assert.Equal("postgres:db.internal:6432/cellular", description);
    }

    [Fact]
    public async Task AddCellularStore_ProviderPostgres_ResolvesThePostgresDatabase()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Store:Provider"] = "postgres",
            ["Cellular:ControlPlane:Store:ConnectionString"] = database.ConnectionString,
        }).Build());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddOptions<Cellular.ControlPlane.Configuration.ControlPlaneOptions>();
        services.AddCellularStore();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IStoreDatabase>();

        Assert.IsType<PostgresStoreDatabase>(store);
        Assert.Equal(StoreProviders.Postgres, store.Provider);
        Assert.Equal($"postgres:127.0.0.1:{new NpgsqlConnectionStringBuilder(database.ConnectionString).Port}/{database.Name}", store.Description);
        Assert.IsType<PostgresTableListener>(provider.GetRequiredService<Cellular.ControlPlane.Publishing.ITableChangeListener>());
    }
}
