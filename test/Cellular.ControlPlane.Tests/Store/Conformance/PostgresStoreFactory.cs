using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Postgres;
using Cellular.Testing.Postgres;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>
/// PostgreSQL stores on the test class's database, each in a schema of its own (the connection
/// string's search path), so every test starts empty without the cost of a database per test.
/// </summary>
internal sealed class PostgresStoreFactory(PostgresDatabase database) : IStoreFactory
{
    private readonly List<PostgresStoreDatabase> _databases = [];

    /// <summary>The connection string of the last store made.</summary>
    public string? LastConnectionString { get; private set; }

    public async Task<IStoreDatabase> CreateAsync(TimeProvider time, IReadOnlyList<IStoreWriteGuard> guards) => await CreatePostgresAsync(time, guards);

    /// <summary>A store in a new schema of the class's database.</summary>
    public async Task<PostgresStoreDatabase> CreatePostgresAsync(TimeProvider time, IReadOnlyList<IStoreWriteGuard> guards)
    {
        var schema = $"s_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"CREATE SCHEMA {schema};");
        }

        LastConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = schema }.ConnectionString;
        return Open(LastConnectionString, time, guards);
    }

    /// <summary>Another replica's handle on an existing store.</summary>
    public PostgresStoreDatabase Open(string connectionString, TimeProvider time, IReadOnlyList<IStoreWriteGuard> guards)
    {
        var store = new PostgresStoreDatabase(
            Options.Create(new StoreOptions { Provider = StoreProviders.Postgres, ConnectionString = connectionString }),
            guards,
            time,
            NullLogger<PostgresStoreDatabase>.Instance);
        _databases.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _databases)
        {
            await store.DisposeAsync();
        }
    }
}
