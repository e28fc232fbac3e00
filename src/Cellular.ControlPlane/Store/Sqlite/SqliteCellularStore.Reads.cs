using Cellular.Core.Api;
using Dapper;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>Whole-store reads: the routing-table source, counts and the audit log.</summary>
internal sealed partial class SqliteCellularStore
{
    public Task<TableState> ReadTableAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async (c, tx) =>
            {
                var head = await c.QuerySingleAsync<(long Version, string ChangedAt)>(
                    "SELECT version, changed_at FROM table_version WHERE id = 1;",
                    transaction: tx);
                var cells = await c.QueryAsync<CellRow>($"{SqliteSchema.SelectCell} WHERE state <> 'Retired' ORDER BY id;", transaction: tx);
                var tenants = await c.QueryAsync<TenantRow>($"{SqliteSchema.SelectTenant} ORDER BY id;", transaction: tx);
                return new TableState(
                    head.Version,
                    StoreTime.Parse(head.ChangedAt),
                    cells.Select(r => r.ToRecord().Cell).ToList(),
                    tenants.Select(r => r.ToTenant()).ToList(),
                    await StoreIdAsync(c, tx));
            },
            cancellationToken);

    public Task<StoreCounts> GetCountsAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async (c, tx) =>
            {
                var (version, cells, tenants) = await c.QuerySingleAsync<(long, long, long)>(
                    """
                    SELECT (SELECT version FROM table_version WHERE id = 1),
                           (SELECT COUNT(*) FROM cells WHERE state <> 'Retired'),
                           (SELECT COUNT(*) FROM tenants);
                    """,
                    transaction: tx);
                return new StoreCounts(version, (int)cells, (int)tenants);
            },
            cancellationToken);

    public Task<Page<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        ReadAsync(
            async (c, tx) =>
            {
                const string Where = """
                    WHERE (@before IS NULL OR id < @before)
                      AND (@action IS NULL OR action = @action)
                      AND (@actor IS NULL OR actor = @actor)
                      AND (@target IS NULL OR target = @target)
                    """;
                var parameters = new { before = query.Before, action = query.Action, actor = query.Actor, target = query.Target, limit = query.Limit + 1 };
                var rows = (await c.QueryAsync<AuditRow>(
                    $"SELECT id AS Id, at AS At, actor AS Actor, action AS Action, target AS Target, detail AS Detail FROM audit {Where} ORDER BY id DESC LIMIT @limit;",
                    parameters,
                    tx)).ToList();
                var total = await c.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM audit WHERE (@action IS NULL OR action = @action) AND (@actor IS NULL OR actor = @actor) AND (@target IS NULL OR target = @target);",
                    parameters,
                    tx);
                var items = rows.Take(query.Limit).Select(r => r.ToEntry()).ToList();
                var next = rows.Count > query.Limit ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
                return new Page<AuditEntry>(items, next, (int)Math.Min(total, int.MaxValue));
            },
            cancellationToken);
}
