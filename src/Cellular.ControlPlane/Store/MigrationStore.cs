using System.Globalization;
using Cellular.ControlPlane.Store.Rows;
using Cellular.Core.Api;
using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// Live tenant migrations (<c>migrations</c>): one JSON document each, with its state, tenant and
/// cells as columns to query by; at most one per tenant is unfinished (a unique index says so).
/// Persistence only: pins, room, the switch's preconditions are <c>MigrationService</c>'s and
/// <c>MigrationTransitions</c>' rules, checked in the same write transaction.
/// </summary>
internal sealed class MigrationStore
{
    public async Task<Migration?> GetAsync(StoreTransaction tx, string id) =>
        await tx.Connection.QuerySingleOrDefaultAsync<string>($"{MigrationRow.Select} WHERE id = @id;", new { id }, tx.Transaction) is { } document
            ? MigrationRow.Read(document)
            : null;

    /// <summary>The migration, its row locked for the rest of the write transaction.</summary>
    public async Task<Migration?> GetForUpdateAsync(StoreTransaction tx, string id) =>
        await tx.Connection.QuerySingleOrDefaultAsync<string>($"{MigrationRow.Select} WHERE id = @id{tx.Dialect.ForUpdate};", new { id }, tx.Transaction) is { } document
            ? MigrationRow.Read(document)
            : null;

    /// <summary>The newest migrations first, optionally only those in <paramref name="state"/>, of <paramref name="tenant"/> or with <paramref name="cell"/> as source or target.</summary>
    public async Task<IReadOnlyList<Migration>> ListAsync(StoreTransaction tx, MigrationState? state, string? tenant, string? cell, int limit) =>
        (await tx.Connection.QueryAsync<string>(
            $"{MigrationRow.Select} WHERE (@state IS NULL OR state = @state) AND (@tenant IS NULL OR tenant = @tenant) AND (@cell IS NULL OR source = @cell OR target = @cell) ORDER BY seq DESC LIMIT @limit;",
            new { state = state?.ToString(), tenant, cell, limit },
            tx.Transaction))
            .Select(MigrationRow.Read)
            .ToList();

    /// <summary>Migrations not yet Complete, Aborted or Failed; oldest first (the scheduler's queue order).</summary>
    public async Task<IReadOnlyList<Migration>> ListUnfinishedAsync(StoreTransaction tx) =>
        (await tx.Connection.QueryAsync<string>($"{MigrationRow.Select} WHERE state NOT IN {MigrationRow.Finished} ORDER BY seq;", transaction: tx.Transaction))
            .Select(MigrationRow.Read)
            .ToList();

    /// <summary>The unfinished migration of <paramref name="tenant"/> other than <paramref name="except"/>; null when there is none.</summary>
    public async Task<Migration?> FindUnfinishedAsync(StoreTransaction tx, string tenant, string? except = null) =>
        await tx.Connection.QueryFirstOrDefaultAsync<string>(
            $"{MigrationRow.Select} WHERE tenant = @tenant AND state NOT IN {MigrationRow.Finished} AND (@except IS NULL OR id <> @except);",
            new { tenant, except },
            tx.Transaction) is { } document
            ? MigrationRow.Read(document)
            : null;

    /// <summary>Per cell, the weight of unfinished migrations that have not switched yet, heading in and going out.</summary>
    public async Task<IReadOnlyDictionary<string, CellReservation>> GetReservationsAsync(StoreTransaction tx)
    {
        var incoming = await ReservedByCellAsync(tx, "target");
        var outgoing = await ReservedByCellAsync(tx, "source");
        return incoming.Keys.Union(outgoing.Keys).ToDictionary(
            cell => cell,
            cell => new CellReservation(incoming.GetValueOrDefault(cell), outgoing.GetValueOrDefault(cell)),
            StringComparer.Ordinal);
    }

    /// <summary>The id the next migration is stored under (<c>mig-{n}</c>) and its sequence number.</summary>
    public async Task<(long Seq, string Id)> NextIdAsync(StoreTransaction tx)
    {
        var seq = await tx.Connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) + 1 FROM migrations;", transaction: tx.Transaction);
        return (seq, string.Create(CultureInfo.InvariantCulture, $"mig-{seq}"));
    }

    /// <summary>Inserts a new migration under <paramref name="seq"/> (from <see cref="NextIdAsync"/>).</summary>
    public Task InsertAsync(StoreTransaction tx, long seq, Migration migration)
    {
        var parameters = new DynamicParameters(MigrationRow.Columns(migration));
        parameters.Add("seq", seq);
        return tx.Connection.ExecuteAsync(
            """
            INSERT INTO migrations (seq, id, tenant, source, target, state, weight, document, created_at, updated_at)
            VALUES (@seq, @id, @tenant, @source, @target, @state, @weight, @document, @createdAt, @updatedAt);
            """,
            parameters,
            tx.Transaction);
    }

    /// <summary>Writes the migration's state and document (tenant, cells and weight never change).</summary>
    public Task SaveAsync(StoreTransaction tx, Migration migration) =>
        tx.Connection.ExecuteAsync(
            "UPDATE migrations SET state = @state, document = @document, updated_at = @updatedAt WHERE id = @id;",
            MigrationRow.Columns(migration),
            tx.Transaction);

    private static async Task<Dictionary<string, long>> ReservedByCellAsync(StoreTransaction tx, string column)
    {
        var rows = await tx.Connection.QueryAsync<(string Cell, long Weight)>(
            $"SELECT {column}, CAST(SUM(weight) AS BIGINT) FROM migrations WHERE state IN {MigrationRow.Unswitched} GROUP BY {column};",
            transaction: tx.Transaction);
        return rows.ToDictionary(r => r.Cell, r => r.Weight, StringComparer.Ordinal);
    }
}
