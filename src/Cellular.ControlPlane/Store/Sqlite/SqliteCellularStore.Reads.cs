using Cellular.ControlPlane.Store.Rows;
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
                var cells = await c.QueryAsync<CellRow>($"{CellRow.Select} WHERE state <> 'Retired' ORDER BY id;", transaction: tx);
                var tenants = await c.QueryAsync<TenantRow>($"{SqliteSchema.SelectTenant} ORDER BY id;", transaction: tx);
                return new TableState(
                    head.Version,
                    StoreTime.Parse(head.ChangedAt),
                    cells.Select(r => r.ToRecord().Cell).ToList(),
                    tenants.Select(r => r.ToTenant()).ToList(),
                    await StoreIdAsync(c, tx));
            },
            cancellationToken);
}
