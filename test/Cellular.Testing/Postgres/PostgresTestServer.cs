using Cellular.Cli.Local.Postgres;
using Npgsql;

namespace Cellular.Testing.Postgres;

/// <summary>
/// The one PostgreSQL server of a test assembly, started on first use from the machine's own
/// binaries (initdb into a temp directory, a free loopback port) and stopped when the test
/// process exits; or, when <see cref="ConnectionStringVariable"/> is set, a server that is
/// already running. Never skips: without PostgreSQL, every test that asks for it fails with
/// the reason (install Debian's postgresql package).
/// </summary>
/// <remarks>
/// A process-wide instance on purpose: xunit 2 has no assembly fixture, and one server per test
/// class would cost an initdb (~1 s) each. It is created once and never changes after.
/// </remarks>
public sealed class PostgresTestServer
{
    /// <summary>Set it to an Npgsql connection string (a user that may CREATE DATABASE) to use that server instead of starting one.</summary>
    public const string ConnectionStringVariable = "CELLULAR_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresTestServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _adminConnectionString;

    private PostgresTestServer(string adminConnectionString, string description)
    {
        _adminConnectionString = adminConnectionString;
        Description = description;
    }

    /// <summary>Where the server runs, for messages.</summary>
    public string Description { get; }

    /// <summary>The assembly's server, started by the first caller.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is missing or would not start; the message says why.</exception>
    public static Task<PostgresTestServer> GetAsync() => Shared.Value;

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates a new empty database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, disconnecting whoever still uses it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresTestServer> StartAsync()
    {
        var given = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            var builder = new NpgsqlConnectionStringBuilder(given);
            return new PostgresTestServer(given, $"{builder.Host}:{builder.Port} (from {ConnectionStringVariable})");
        }

        var directory = new TempDirectory("cellular-pg");
        PostgresServer server;
        try
        {
            server = await PostgresServer.StartAsync(
                new PostgresServerOptions { DataDirectory = directory.Combine("data"), Port = FreePort.Next() },
                CancellationToken.None);
        }
        catch (Exception e) when (e is PostgresNotFoundException or PostgresServerException)
        {
            directory.Dispose();
            throw new InvalidOperationException(
                $"The PostgreSQL tests need a PostgreSQL server and none could be started (they fail rather than skip). {e.Message}"
                + $"{Environment.NewLine}Or set {ConnectionStringVariable} to the connection string of a running server.",
                e);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            NpgsqlConnection.ClearAllPools();
            server.StopAsync().GetAwaiter().GetResult();
            directory.Dispose();
        };
        return new PostgresTestServer(server.ConnectionString(), $"127.0.0.1:{server.Port} ({server.DataDirectory})");
    }
}
