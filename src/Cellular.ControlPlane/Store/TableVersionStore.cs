using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// The routing-table version (<c>table_version</c>): one row, bumped by every change that alters
/// what routers route by, in the transaction of that change, so a version always names one
/// committed state of cells and tenants.
/// </summary>
internal sealed class TableVersionStore
{
    public Task<long> GetAsync(StoreTransaction tx) =>
        tx.Connection.ExecuteScalarAsync<long>("SELECT version FROM table_version WHERE id = 1;", transaction: tx.Transaction);

    /// <summary>The current version and when it was committed.</summary>
    public async Task<(long Version, DateTimeOffset ChangedAt)> GetHeadAsync(StoreTransaction tx)
    {
        var (version, changedAt) = await tx.Connection.QuerySingleAsync<(long, string)>(
            "SELECT version, changed_at FROM table_version WHERE id = 1;",
            transaction: tx.Transaction);
        return (version, StoreTime.Parse(changedAt));
    }

    /// <summary>Moves to the next version, stamped with the transaction's time; returns it.</summary>
    public Task<long> BumpAsync(StoreTransaction tx) =>
        tx.Connection.ExecuteScalarAsync<long>(
            "UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1 RETURNING version;",
            new { now = tx.NowText },
            tx.Transaction);

    /// <summary>The version and the number of live cells and of tenants, for the health endpoint.</summary>
    public async Task<StoreCounts> GetCountsAsync(StoreTransaction tx)
    {
        var (version, cells, tenants) = await tx.Connection.QuerySingleAsync<(long, long, long)>(
            """
            SELECT (SELECT version FROM table_version WHERE id = 1),
                   (SELECT COUNT(*) FROM cells WHERE state <> 'Retired'),
                   (SELECT COUNT(*) FROM tenants);
            """,
            transaction: tx.Transaction);
        return new StoreCounts(version, (int)cells, (int)tenants);
    }
}
