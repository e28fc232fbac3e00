using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Sqlite;
using Cellular.Testing;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Store;

/// <summary>The numbered SQLite migrations: a new file gets them all, an older one the missing ones, a current one nothing, a newer one is refused.</summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-schema");

    [Fact]
    public async Task NewFile_GetsEveryMigration()
    {
        await InitializeAsync();

        Assert.Equal(SqliteSchema.Version, await UserVersionAsync());
        Assert.Equal(SqliteSchema.Migrations.Count, SqliteSchema.Version);
        Assert.Equal(Enumerable.Range(1, SqliteSchema.Version), SqliteSchema.Migrations.Select(m => m.Version));
    }

    [Fact]
    public async Task CurrentFile_OpensUntouched()
    {
        await InitializeAsync();
        var schema = await SchemaAsync();
        var bytes = await FileBytesAsync();

        await InitializeAsync();

        Assert.Equal(schema, await SchemaAsync());
        Assert.Equal(bytes, await FileBytesAsync());
    }

    [Fact]
    public async Task CurrentFileWithoutALaterAddedIndex_GetsIt()
    {
        await InitializeAsync();
        var fresh = await SchemaAsync();
        await ExecuteAsync("DROP INDEX audit_by_target;");

        await InitializeAsync();

        Assert.Equal(fresh, await SchemaAsync());
        Assert.Equal(SqliteSchema.Version, await UserVersionAsync());
    }

    [Fact]
    public async Task VersionFiveFile_UpgradesToWhatANewFileHas()
    {
        await InitializeAsync();
        var fresh = await SchemaAsync();
        await ExecuteAsync(
            """
            DROP TABLE deployments;
            DROP TABLE deployment_freeze;
            DROP INDEX audit_by_target;
            ALTER TABLE cells DROP COLUMN artifact;
            ALTER TABLE cells DROP COLUMN config;
            ALTER TABLE cells DROP COLUMN template;
            ALTER TABLE cells DROP COLUMN previous_release;
            PRAGMA user_version = 5;
            """);

        await InitializeAsync();

        Assert.Equal(SqliteSchema.Version, await UserVersionAsync());
        Assert.Equal(fresh, await SchemaAsync());
        Assert.Equal(0L, await ScalarAsync<long>("SELECT engaged FROM deployment_freeze WHERE id = 1;"));
    }

    [Fact]
    public async Task NewerFile_IsRefusedAndLeftAlone()
    {
        await InitializeAsync();
        await ExecuteAsync($"PRAGMA user_version = {SqliteSchema.Version + 1};");
        var schema = await SchemaAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(InitializeAsync);

        Assert.Contains("newer than this control plane understands", error.Message, StringComparison.Ordinal);
        Assert.Equal(SqliteSchema.Version + 1, await UserVersionAsync());
        Assert.Equal(schema, await SchemaAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    private async Task InitializeAsync()
    {
        using var database = new SqliteStoreDatabase(Options.Create(new ControlPlaneOptions { DataDir = _root.Path }), Array.Empty<IStoreWriteGuard>(), TimeProvider.System);
        await database.InitializeAsync(CancellationToken.None);
    }

    /// <summary>The database file as it is once every pooled connection is closed (and the WAL checkpointed).</summary>
    private async Task<byte[]> FileBytesAsync()
    {
        SqliteConnection.ClearAllPools();
        return await File.ReadAllBytesAsync(_root.Combine("cellular.db"));
    }

    private async Task<int> UserVersionAsync() => (int)await ScalarAsync<long>("PRAGMA user_version;");

    /// <summary>Every table, index and trigger as SQLite stores its definition.</summary>
    private async Task<List<string>> SchemaAsync()
    {
        await using var connection = await OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name;")];
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={_root.Combine("cellular.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
