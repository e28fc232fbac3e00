using Cellular.Cli.Local.Postgres;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Postgres;
using Cellular.ControlPlane.Store.Sqlite;
using Cellular.StoreBenchmark;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// Store-level comparison of SQLite and PostgreSQL with the control plane's own SQL:
//   dotnet run -c Release --project bench/Cellular.StoreBenchmark -- [--tenants 1000000] [--cells 100]
//       [--ops 2000] [--concurrency 8] [--provider both|sqlite|postgres] [--pg "<connection string>"]
//       [--level both|store|api]
// "store" runs the scenarios through IStoreDatabase; "api" hosts the real control plane over the
// seeded store and runs them over HTTP (services, rules, auth and JSON included).
// Without --pg it starts PostgreSQL from the machine's binaries in a temp directory (as postgres when root).
var settings = BenchSettings.Parse(args);
var results = new List<BenchResult>();
var root = Path.Combine(Path.GetTempPath(), $"cellular-store-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(root);
PostgresServer? server = null;
try
{
    if (settings.Providers.Contains(StoreProviders.Sqlite))
    {
        var dataDir = Path.Combine(root, "sqlite");
        using (var sqlite = new SqliteStoreDatabase(Options.Create(new ControlPlaneOptions { DataDir = dataDir }), [], TimeProvider.System))
        {
            results.AddRange(await StoreScenarios.RunOrSeedAsync(sqlite, settings, Console.WriteLine));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (settings.Api)
        {
            results.AddRange(await ApiScenarios.RunAsync(StoreProviders.Sqlite, new Dictionary<string, string?>(), dataDir, settings, Console.WriteLine));
        }
    }

    if (settings.Providers.Contains(StoreProviders.Postgres))
    {
        var connectionString = settings.PostgresConnectionString;
        if (connectionString is null)
        {
            server = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = Path.Combine(root, "pg"), Port = Ports.Free(), Log = Console.WriteLine }, CancellationToken.None);
            connectionString = server.ConnectionString();
        }

        var database = $"bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {database};");
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = database, MaxPoolSize = 50 };
        await using (var postgres = new PostgresStoreDatabase(
            Options.Create(new StoreOptions { Provider = StoreProviders.Postgres, ConnectionString = builder.ConnectionString }),
            [],
            TimeProvider.System,
            NullLogger<PostgresStoreDatabase>.Instance))
        {
            results.AddRange(await StoreScenarios.RunOrSeedAsync(postgres, settings, Console.WriteLine));
        }

        if (settings.Api)
        {
            var store = new Dictionary<string, string?>
            {
                ["Cellular:ControlPlane:Store:Provider"] = StoreProviders.Postgres,
                ["Cellular:ControlPlane:Store:ConnectionString"] = builder.ConnectionString,
            };
            results.AddRange(await ApiScenarios.RunAsync(StoreProviders.Postgres, store, Path.Combine(root, "pg-control-plane"), settings, Console.WriteLine));
        }
    }

    Console.WriteLine();
    Console.WriteLine(BenchResult.Markdown(results, settings));
}
finally
{
    if (server is not null)
    {
        NpgsqlConnection.ClearAllPools();
        await server.StopAsync();
    }

    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
    }
}
