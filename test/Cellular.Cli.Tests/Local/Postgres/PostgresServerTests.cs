using System.Net.Sockets;
using Cellular.Cli.Local.Postgres;
using Cellular.Testing;
using Npgsql;

namespace Cellular.Cli.Tests.Local.Postgres;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task StartAsync_TwiceOnOneDirectory_InitialisesOnceAndKeepsTheData()
    {
        using var directory = new TempDirectory("cellular-pg-server");
        var options = new PostgresServerOptions { DataDirectory = directory.Combine("pg"), Port = FreePort.Next() };

        await using (var first = await PostgresServer.StartAsync(options, CancellationToken.None))
        {
            Assert.True(first.Initialized);
            await ExecuteAsync(first.ConnectionString(), "CREATE TABLE kept (id bigint); INSERT INTO kept VALUES (42);");
            if (Environment.IsPrivilegedProcess)
            {
                // PostgreSQL refuses root: the server runs as an unprivileged account.
                Assert.NotNull(first.RunAs);
                var backend = await ScalarAsync<int>(first.ConnectionString(), "SELECT pg_backend_pid();");
                var uid = File.ReadLines($"/proc/{backend}/status").First(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
                Assert.NotEqual("0", uid);
            }
        }

        Assert.False(await AcceptsAsync(options.Port));

        var second = options with { Port = FreePort.Next() };
        await using var again = await PostgresServer.StartAsync(second, CancellationToken.None);
        Assert.False(again.Initialized);
        Assert.Equal(42L, await ScalarAsync<long>(again.ConnectionString(), "SELECT id FROM kept;"));
        Assert.Equal("C", await ScalarAsync<string>(again.ConnectionString(), "SELECT datcollate FROM pg_database WHERE datname = 'postgres';"));
        Assert.Equal("UTF8", await ScalarAsync<string>(again.ConnectionString(), "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'postgres';"));
        Assert.True(File.Exists(Path.Combine(again.DataDirectory, $".s.PGSQL.{second.Port}")), "the unix socket lives in the data directory");
    }

    [Fact]
    public async Task StartAsync_WhileItRuns_IsRefusedWithHowToStopIt()
    {
        using var directory = new TempDirectory("cellular-pg-server");
        var options = new PostgresServerOptions { DataDirectory = directory.Combine("pg"), Port = FreePort.Next() };
        await using var running = await PostgresServer.StartAsync(options, CancellationToken.None);

        var e = await Assert.ThrowsAsync<PostgresServerException>(() => PostgresServer.StartAsync(options with { Port = FreePort.Next() }, CancellationToken.None));

        Assert.Contains("already runs", e.Message, StringComparison.Ordinal);
        Assert.Contains("pg_ctl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FolderWithoutTheServerPrograms_SaysToInstallPostgresql()
    {
        using var directory = new TempDirectory("cellular-pg-bin");

        var e = Assert.Throws<PostgresNotFoundException>(() => PostgresBinaries.Find(directory.Path));

        Assert.Contains("install Debian's postgresql package", e.Message, StringComparison.Ordinal);
        Assert.Equal([directory.Path], e.Searched);
    }

    [Fact]
    public void Find_OnThisMachine_FindsInitdbPgCtlAndPostgres()
    {
        var folder = PostgresBinaries.Find();

        Assert.All(PostgresBinaries.Programs, program => Assert.True(File.Exists(Path.Combine(folder, program))));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
