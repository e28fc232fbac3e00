using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>The store's operations over <see cref="SqliteStoreDatabase"/>; being split into per-aggregate stores that both providers share.</summary>
internal sealed partial class SqliteCellularStore(SqliteStoreDatabase database) : ICellularStore
{
    public string Description => database.Description;

    public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a write transaction of <see cref="SqliteStoreDatabase"/>.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, string, Task<T>> work, CancellationToken cancellationToken) =>
        database.WriteAsync(tx => work((SqliteConnection)tx.Connection, (SqliteTransaction)tx.Transaction, tx.NowText), cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a read transaction, so all its queries see one snapshot.</summary>
    private Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        database.ReadAsync(tx => work((SqliteConnection)tx.Connection, (SqliteTransaction)tx.Transaction), cancellationToken);

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
}
