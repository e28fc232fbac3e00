using Cellular.Core.Api;
using Dapper;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>Tenant lookups by cell and by id, for experiment reports.</summary>
internal sealed partial class SqliteCellularStore
{
    /// <summary>SQLite binds at most a few thousand parameters per statement; lookups go in batches of this many.</summary>
    private const int LookupBatch = 500;

    public Task<Page<string>> ListTenantIdsInCellsAsync(IReadOnlyCollection<string> cells, int limit, CancellationToken cancellationToken) =>
        ReadAsync(
            async (c, tx) =>
            {
                var ids = (await c.QueryAsync<string>("SELECT id FROM tenants WHERE cell IN @cells ORDER BY id LIMIT @limit;", new { cells, limit }, tx)).ToList();
                var total = await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM tenants WHERE cell IN @cells;", new { cells }, tx);
                return new Page<string>(ids, total > ids.Count ? ids.LastOrDefault() : null, total);
            },
            cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetTenantCellsAsync(IReadOnlyCollection<string> tenants, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, string>>(
            async (c, tx) =>
            {
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var batch in tenants.Chunk(LookupBatch))
                {
                    var rows = await c.QueryAsync<(string Id, string Cell)>("SELECT id, cell FROM tenants WHERE id IN @batch;", new { batch }, tx);
                    foreach (var (id, cell) in rows)
                    {
                        cells[id] = cell;
                    }
                }

                return cells;
            },
            cancellationToken);
}
