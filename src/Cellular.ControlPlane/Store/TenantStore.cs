using Cellular.ControlPlane.Store.Rows;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// Tenant rows (<c>tenants</c>) and the change log routers sync from (<c>tenant_changes</c>, kept
/// by triggers so no write path can forget it). Persistence only: where a tenant goes and whether
/// it may move are <c>TenantService</c>'s and <c>MigrationService</c>'s rules. The cells' tenant
/// counts and loads are kept in step here, in the same statement batch as the tenant row, because
/// placement reads them instead of summing every tenant.
/// </summary>
internal sealed class TenantStore
{
    /// <summary>Databases bind a few thousand parameters per statement at most; lookups go in batches of this many.</summary>
    private const int LookupBatch = 500;

    public async Task<TenantRecord?> GetAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<TenantRow>($"{TenantRow.Select} WHERE id = @id;", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>The tenant, its row locked for the rest of the write transaction.</summary>
    public async Task<TenantRecord?> GetForUpdateAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<TenantRow>($"{TenantRow.Select} WHERE id = @id{tx.Dialect.ForUpdate};", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>Tenants ordered by id, starting after <paramref name="after"/>; only those placed in <paramref name="cell"/> when given (the total counts those too).</summary>
    public async Task<Page<TenantRecord>> ListAsync(StoreTransaction tx, int limit, string? after, string? cell)
    {
        // A cell's page walks the by-cell index; its total is one index range, not a scan of every tenant.
        var rows = (await tx.Connection.QueryAsync<TenantRow>(
            cell is null
                ? $"{TenantRow.Select} WHERE @after IS NULL OR id > @after ORDER BY id LIMIT @take;"
                : $"{TenantRow.Select} WHERE cell = @cell AND (@after IS NULL OR id > @after) ORDER BY id LIMIT @take;",
            new { after, cell, take = limit + 1 },
            tx.Transaction)).ToList();
        var total = cell is null
            ? await tx.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tenants;", transaction: tx.Transaction)
            : await tx.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tenants WHERE cell = @cell;", new { cell }, tx.Transaction);
        var items = rows.Take(limit).Select(r => r.ToRecord()).ToList();
        var next = rows.Count > limit ? items[^1].Tenant.Id : null;
        return new Page<TenantRecord>(items, next, (int)total);
    }

    /// <summary>Every tenant, ordered by id (the routing table's).</summary>
    public async Task<IReadOnlyList<Tenant>> ListAllAsync(StoreTransaction tx) =>
        (await tx.Connection.QueryAsync<TenantRow>($"{TenantRow.Select} ORDER BY id;", transaction: tx.Transaction)).Select(r => r.ToTenant()).ToList();

    /// <summary>The tenants placed in <paramref name="cell"/>, ordered by id.</summary>
    public async Task<IReadOnlyList<TenantRecord>> ListInCellAsync(StoreTransaction tx, string cell) =>
        (await tx.Connection.QueryAsync<TenantRow>($"{TenantRow.Select} WHERE cell = @cell ORDER BY id;", new { cell }, tx.Transaction)).Select(r => r.ToRecord()).ToList();

    /// <summary>Ids of the tenants placed in any of <paramref name="cells"/>, ordered by id, at most <paramref name="limit"/>, with their total.</summary>
    public async Task<Page<string>> ListIdsInCellsAsync(StoreTransaction tx, IReadOnlyCollection<string> cells, int limit)
    {
        var ids = (await tx.Connection.QueryAsync<string>($"SELECT id FROM tenants WHERE {tx.Dialect.InList("cell", "cells")} ORDER BY id LIMIT @limit;", new { cells = cells.ToArray(), limit }, tx.Transaction)).ToList();
        var total = (int)await tx.Connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM tenants WHERE {tx.Dialect.InList("cell", "cells")};", new { cells = cells.ToArray() }, tx.Transaction);
        return new Page<string>(ids, total > ids.Count ? ids.LastOrDefault() : null, total);
    }

    /// <summary>The cell of each of <paramref name="tenants"/> the store knows.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetCellsAsync(StoreTransaction tx, IReadOnlyCollection<string> tenants)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in tenants.Chunk(LookupBatch))
        {
            var rows = await tx.Connection.QueryAsync<(string Id, string Cell)>($"SELECT id, cell FROM tenants WHERE {tx.Dialect.InList("id", "batch")};", new { batch }, tx.Transaction);
            foreach (var (id, cell) in rows)
            {
                cells[id] = cell;
            }
        }

        return cells;
    }

    /// <summary>Inserts a new, unpinned tenant at epoch 1 into <paramref name="cell"/> and counts it in the cell's load.</summary>
    public Task InsertAsync(StoreTransaction tx, string id, string cell, int weight) =>
        tx.Connection.ExecuteAsync(
            """
            INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at)
            VALUES (@id, @cell, @weight, 0, 1, @now, @now);
            UPDATE cells SET tenants = tenants + 1, load = load + @weight WHERE id = @cell;
            """,
            new { id, cell, weight, now = tx.NowText },
            tx.Transaction);

    public Task SetPinnedAsync(StoreTransaction tx, string id, bool pinned) =>
        tx.Connection.ExecuteAsync(
            "UPDATE tenants SET pinned = @pinned, updated_at = @now WHERE id = @id;",
            new { id, pinned = pinned ? 1 : 0, now = tx.NowText },
            tx.Transaction);

    /// <summary>Places <paramref name="tenant"/> in cell <paramref name="to"/> at <paramref name="epoch"/>, moving its weight from its current cell's load to the new one's.</summary>
    public Task MoveAsync(StoreTransaction tx, Tenant tenant, string to, long epoch) =>
        tx.Connection.ExecuteAsync(
            """
            UPDATE tenants SET cell = @to, epoch = @epoch, updated_at = @now WHERE id = @tenant;
            UPDATE cells SET tenants = tenants - 1, load = load - @weight WHERE id = @from;
            UPDATE cells SET tenants = tenants + 1, load = load + @weight WHERE id = @to;
            """,
            new { tenant = tenant.Id, from = tenant.Cell, to, epoch, weight = tenant.Weight, now = tx.NowText },
            tx.Transaction);

    public Task SetEpochAsync(StoreTransaction tx, string id, long epoch) =>
        tx.Connection.ExecuteAsync(
            "UPDATE tenants SET epoch = @epoch, updated_at = @now WHERE id = @id;",
            new { id, epoch, now = tx.NowText },
            tx.Transaction);

    /// <summary>The table version the change log starts at: a router behind it needs the full table.</summary>
    public Task<long> GetChangeHorizonAsync(StoreTransaction tx) =>
        tx.Connection.ExecuteScalarAsync<long>("SELECT version FROM change_horizon WHERE id = 1;", transaction: tx.Transaction);

    /// <summary>
    /// Tenants changed at table version <paramref name="since"/> or later, ordered by id: all of
    /// them when there are at most <paramref name="limit"/>; otherwise <paramref name="limit"/> of
    /// them, which ones unspecified (a caller seeing that many falls back to the full table).
    /// '>=': a row written before its transaction bumped the version carries the version before, so
    /// that version's own changes may come again.
    /// </summary>
    /// <remarks>
    /// The inner query walks the version index and stops at the limit; only what it found is
    /// sorted. Ordering the whole log by tenant before the limit made SQLite walk every row of the
    /// log in key order (0.3 s at 1M tenants for a 100-tenant delta).
    /// </remarks>
    public async Task<IReadOnlyList<TenantChange>> ListChangesAsync(StoreTransaction tx, long since, int limit) =>
        (await tx.Connection.QueryAsync<TenantChangeRow>(
            """
            SELECT ch.tenant AS Id, t.cell AS Cell, t.weight AS Weight, t.pinned AS Pinned, t.epoch AS Epoch
            FROM (SELECT tenant FROM tenant_changes WHERE version >= @since LIMIT @limit) ch
            LEFT JOIN tenants t ON t.id = ch.tenant
            ORDER BY ch.tenant;
            """,
            new { since, limit },
            tx.Transaction))
            .Select(r => new TenantChange(r.Id, r.ToTenant()))
            .ToList();
}
