using System.Data;
using System.Net.Sockets;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>
/// The shared database: any number of control-plane replicas on one PostgreSQL database.
/// Reads run as <c>REPEATABLE READ READ ONLY</c> transactions (one snapshot for all their
/// queries). Writes run as <c>READ COMMITTED</c> transactions whose first statement is
/// <c>pg_advisory_xact_lock(<see cref="PostgresLockKeys.Writes"/>)</c>: every writer of every
/// replica queues there, so a rule checked inside a write transaction cannot race, and the lock is
/// released with the transaction (never leaked behind PgBouncer). The registered
/// <see cref="IStoreWriteGuard"/>s run next, then the work.
/// </summary>
/// <remarks>
/// Opening a connection is retried a few times when it fails transiently (the database restarting,
/// a failover); a statement that fails is not: the caller sees it and the transaction is rolled back.
/// </remarks>
internal sealed partial class PostgresStoreDatabase : IStoreDatabase, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan[] OpenRetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    private readonly NpgsqlDataSource _dataSource;
    private readonly IStoreWriteGuard[] _guards;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresStoreDatabase> _logger;

    public PostgresStoreDatabase(IOptions<StoreOptions> options, IEnumerable<IStoreWriteGuard> guards, TimeProvider time, ILogger<PostgresStoreDatabase> logger)
    {
        var connectionString = options.Value.ConnectionString
            ?? throw new InvalidOperationException($"{StoreOptions.SectionName}:ConnectionString is required for the postgres provider.");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = Describe(builder);
        ConnectionString = builder.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(builder);
        _guards = [.. guards];
        _time = time;
        _logger = logger;
    }

    public string Provider => StoreProviders.Postgres;

    public string Description { get; }

    public ISqlDialect Dialect { get; } = new PostgresDialect();

    /// <summary>The connection string, for the table-change listener's dedicated connection.</summary>
    internal string ConnectionString { get; }

    /// <summary><c>postgres:host:port/database</c>; never the password or other settings.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"postgres:{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var applied = await WriteCoreAsync(
            tx => PostgresSchemaMigrator.MigrateAsync(tx.Connection, tx.Transaction, tx.NowText, Description),
            writeLock: false,
            cancellationToken);
        if (applied.Count > 0)
        {
            Log.SchemaMigrated(_logger, Description, string.Join(", ", applied), PostgresSchema.Version);
        }
    }

    public async Task<T> ReadAsync<T>(Func<StoreTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await connection.ExecuteAsync("SET TRANSACTION READ ONLY;", transaction: transaction);
        var result = await work(new StoreTransaction(connection, transaction, Dialect, _time.GetUtcNow()));
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    public Task<T> WriteAsync<T>(Func<StoreTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteCoreAsync(work, writeLock: true, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private async Task<T> WriteCoreAsync<T>(Func<StoreTransaction, Task<T>> work, bool writeLock, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        if (writeLock)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key);", new { key = PostgresLockKeys.Writes }, transaction);
        }

        // The time is taken after the lock: a writer that queued stamps its rows after the one before it.
        var tx = new StoreTransaction(connection, transaction, Dialect, _time.GetUtcNow());
        if (writeLock)
        {
            foreach (var guard in _guards)
            {
                await guard.CheckAsync(tx, cancellationToken);
            }
        }

        var result = await work(tx);
        await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (Exception e) when (attempt < OpenRetryDelays.Length && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                Log.OpenRetried(_logger, Description, attempt + 1, OpenRetryDelays[attempt], e.Message);
                await Task.Delay(OpenRetryDelays[attempt], _time, cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException or TimeoutException => true,
        _ => false,
    };
}
