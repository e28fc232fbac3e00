using Cellular.Cell.Ownership;
using Cellular.Core.Api;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Notes.Data;

/// <summary>
/// The SDK's tenant ownership records, in the notes database itself: <see cref="NotesStore"/> reads
/// a tenant's record with <see cref="ReadAsync"/> inside each write transaction, and the SDK's
/// changes run in <c>BEGIN IMMEDIATE</c> transactions, so SQLite orders every write strictly before
/// or after a fence.
/// </summary>
internal sealed class NotesOwnershipStore(NotesDatabase database) : ITenantOwnershipStore
{
    private const string SelectSql = "SELECT state, epoch, moved_to AS movedTo FROM tenant_ownership WHERE tenant = @tenant;";

    private const string UpsertSql = """
        INSERT INTO tenant_ownership (tenant, state, epoch, moved_to) VALUES (@tenant, @state, @epoch, @movedTo)
        ON CONFLICT (tenant) DO UPDATE SET state = excluded.state, epoch = excluded.epoch, moved_to = excluded.moved_to;
        """;

    /// <summary>Reads the tenant's record on <paramref name="connection"/>, inside <paramref name="transaction"/> when given.</summary>
    public static async Task<TenantOwnership?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, string tenant, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<OwnershipRow>(new CommandDefinition(SelectSql, new { tenant }, transaction, cancellationToken: cancellationToken));
        return row?.ToOwnership();
    }

    public async Task<TenantOwnership?> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, tenant, cancellationToken);
    }

    public async Task<TenantOwnership> UpdateAsync(string tenant, Func<TenantOwnership, TenantOwnership> change, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await ReadAsync(connection, transaction, tenant, cancellationToken) ?? TenantOwnership.Unrecorded;
        var changed = change(current);
        await connection.ExecuteAsync(new CommandDefinition(
            UpsertSql,
            new { tenant, state = changed.State.ToString(), epoch = changed.Epoch, movedTo = changed.MovedTo },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>A row as SQLite returns it; columns in constructor order.</summary>
    private sealed record OwnershipRow(string State, long Epoch, string? MovedTo)
    {
        public TenantOwnership ToOwnership() => new(Enum.Parse<TenantOwnershipState>(State), Epoch, MovedTo);
    }
}
