using Cellular.ControlPlane.Configuration;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>
/// The embedded database: one SQLite file (<c>{DataDir}/cellular.db</c>) in WAL mode. Writes are
/// serialised in-process and run as <c>BEGIN IMMEDIATE</c> transactions, so decisions taken
/// inside them cannot race; reads run concurrently on consistent snapshots. One replica only:
/// the file is not shared between control planes.
/// </summary>
internal sealed class SqliteStoreDatabase : IStoreDatabase, IDisposable
{
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly IStoreWriteGuard[] _guards;

    public SqliteStoreDatabase(IOptions<ControlPlaneOptions> options, IEnumerable<IStoreWriteGuard> guards, TimeProvider time)
    {
        _guards = [.. guards];
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

    public string Provider => StoreProviders.Sqlite;

    public string Description => $"sqlite:{_path}";

    public ISqlDialect Dialect { get; } = new SqliteDialect();

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

        var pending = SqliteSchema.Migrations.Where(m => m.Version > version).ToList();
        var existing = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master;")).ToHashSet(StringComparer.Ordinal);
        var repairs = SqliteSchema.Repairs.Where(r => r.Version <= version && !existing.Contains(r.Name)).ToList();
        if (pending.Count == 0 && repairs.Count == 0)
        {
            // Up to date: the file is not written at all.
            return;
        }

        await WriteAsync(
            async tx =>
            {
                var c = (SqliteConnection)tx.Connection;
                var t = (SqliteTransaction)tx.Transaction;
                foreach (var repair in repairs)
                {
                    await c.ExecuteAsync(repair.Sql, transaction: t);
                }

                foreach (var migration in pending)
                {
                    await c.ExecuteAsync(migration.Sql, new { now = tx.NowText }, t);
                    if (migration.ApplyAsync is { } apply)
                    {
                        await apply(c, t);
                    }

                    await c.ExecuteAsync($"PRAGMA user_version = {migration.Version};", transaction: t);
                }

                return 0;
            },
            cancellationToken);
    }

    public async Task<T> ReadAsync<T>(Func<StoreTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await work(new StoreTransaction(connection, transaction, Dialect, _time.GetUtcNow()));
    }

    public async Task<T> WriteAsync<T>(Func<StoreTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var tx = new StoreTransaction(connection, transaction, Dialect, _time.GetUtcNow());
            foreach (var guard in _guards)
            {
                await guard.CheckAsync(tx, cancellationToken);
            }

            var result = await work(tx);
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();

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
}
