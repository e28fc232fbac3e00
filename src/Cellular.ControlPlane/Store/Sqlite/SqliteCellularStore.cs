using Cellular.ControlPlane.Configuration;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (<c>{DataDir}/cellular.db</c>) in WAL mode. Writes are
/// serialised in-process and run as <c>BEGIN IMMEDIATE</c> transactions, so decisions taken
/// inside them (placement, "is the cell empty?") cannot race; reads run concurrently on
/// consistent snapshots.
/// </summary>
internal sealed partial class SqliteCellularStore : ICellularStore
{
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public SqliteCellularStore(IOptions<ControlPlaneOptions> options, TimeProvider time)
    {
        _path = Path.GetFullPath(Path.Combine(options.Value.DataDir, "cellular.db"));
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Description => $"sqlite:{_path}";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode = WAL;");
        var version = await connection.ExecuteScalarAsync<long>("PRAGMA user_version;");
        if (version > SqliteSchema.Version)
        {
            throw new InvalidOperationException(
                $"The store {_path} has schema version {version}, newer than this control plane understands ({SqliteSchema.Version}); run a newer control plane.");
        }

        await WriteAsync(
            async (c, tx, now) =>
            {
                await c.ExecuteAsync(SqliteSchema.Create, new { now }, tx);
                var columns = (await c.QueryAsync<string>("SELECT name FROM pragma_table_info('cells');", transaction: tx)).ToHashSet(StringComparer.Ordinal);
                foreach (var (name, definition) in SqliteSchema.CellReleaseColumns.Where(column => !columns.Contains(column.Name)))
                {
                    await c.ExecuteAsync($"ALTER TABLE cells ADD COLUMN {name} {definition};", transaction: tx);
                }

                await c.ExecuteAsync($"PRAGMA user_version = {SqliteSchema.Version};", transaction: tx);
                return 0;
            },
            cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON;");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction (BEGIN IMMEDIATE), one at a time.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, string, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction, SqliteTime.Format(_time.GetUtcNow()));
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read transaction, so all its queries see one snapshot.</summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await work(connection, transaction);
    }

    /// <summary>Bumps the table version and writes the audit row, inside the caller's transaction.</summary>
    private static async Task<long> CommitChangeAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string now,
        string actor,
        string action,
        string target,
        string? detail)
    {
        var version = await connection.ExecuteScalarAsync<long>(
            "UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1 RETURNING version;",
            new { now },
            transaction);
        await AppendAuditAsync(connection, transaction, now, actor, action, target, detail);
        return version;
    }

    /// <summary>Writes an audit row for a change that does not touch the routing table, inside the caller's transaction.</summary>
    private static Task AppendAuditAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string now,
        string actor,
        string action,
        string target,
        string? detail) =>
        connection.ExecuteAsync(
            "INSERT INTO audit (at, actor, action, target, detail) VALUES (@now, @actor, @action, @target, @detail);",
            new { now, actor, action, target, detail },
            transaction);

    private static Task<long> VersionAsync(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.ExecuteScalarAsync<long>("SELECT version FROM table_version WHERE id = 1;", transaction: transaction);

    public Task<long> GetVersionAsync(CancellationToken cancellationToken) => ReadAsync(VersionAsync, cancellationToken);
}
