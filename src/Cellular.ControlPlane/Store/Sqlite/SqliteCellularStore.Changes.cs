using Cellular.Core.Model;
using Cellular.ControlPlane.Store.Rows;
using Dapper;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>The routing-table change log (<c>tenant_changes</c>, kept by triggers): what routers sync incrementally.</summary>
internal sealed partial class SqliteCellularStore
{
    public Task<TableDelta?> ReadTableDeltaAsync(long since, int maxTenants, CancellationToken cancellationToken) =>
        ReadAsync<TableDelta?>(
            async (c, tx) =>
            {
                var head = await c.QuerySingleAsync<(long Version, string ChangedAt, long Horizon)>(
                    "SELECT version, changed_at, (SELECT version FROM change_horizon WHERE id = 1) FROM table_version WHERE id = 1;",
                    transaction: tx);
                if (since < head.Horizon)
                {
                    return null;
                }

                // '>=': a row written before its transaction bumped the version carries the version before.
                var rows = (await c.QueryAsync<TenantChangeRow>(
                    """
                    SELECT ch.tenant AS Id, t.cell AS Cell, t.weight AS Weight, t.pinned AS Pinned, t.epoch AS Epoch
                    FROM tenant_changes ch LEFT JOIN tenants t ON t.id = ch.tenant
                    WHERE ch.version >= @since
                    ORDER BY ch.tenant
                    LIMIT @limit;
                    """,
                    new { since, limit = maxTenants + 1 },
                    tx)).AsList();
                if (rows.Count > maxTenants)
                {
                    return null;
                }

                var cells = await c.QueryAsync<CellRow>($"{CellRow.Select} WHERE state <> 'Retired' ORDER BY id;", transaction: tx);
                var upserts = new List<Tenant>(rows.Count);
                var removals = new List<string>();
                foreach (var row in rows)
                {
                    if (row.ToTenant() is { } tenant)
                    {
                        upserts.Add(tenant);
                    }
                    else
                    {
                        removals.Add(row.Id);
                    }
                }

                return new TableDelta(head.Version, StoreTime.Parse(head.ChangedAt), cells.Select(r => r.ToRecord().Cell).ToList(), upserts, removals, await StoreIdAsync(c, tx));
            },
            cancellationToken);
}
