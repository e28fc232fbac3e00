using Cellular.ControlPlane.Store;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Publishing;

/// <summary>
/// Reads what routing tables are built from, each in one read transaction so the version, the
/// cells, the tenants and the store's identity belong to one committed state.
/// </summary>
internal sealed class RoutingTableSource(IStoreDatabase database, CellStore cells, TenantStore tenants, TableVersionStore versions, KeyStore keys)
{
    /// <summary>Everything the table of the current version is built from.</summary>
    public Task<TableState> ReadAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(
            async tx =>
            {
                var (version, changedAt) = await versions.GetHeadAsync(tx);
                return new TableState(version, changedAt, await cells.ListLiveAsync(tx), await tenants.ListAllAsync(tx), await keys.GetStoreIdAsync(tx));
            },
            cancellationToken);

    /// <summary>
    /// The tenants changed since table version <paramref name="since"/> (that version's own changes
    /// may be included again) and every cell; null when the change log does not reach back that
    /// far or more than <paramref name="maxTenants"/> tenants changed, so the full table is cheaper.
    /// </summary>
    public Task<TableDelta?> ReadDeltaAsync(long since, int maxTenants, CancellationToken cancellationToken) =>
        database.ReadAsync<TableDelta?>(
            async tx =>
            {
                var (version, changedAt) = await versions.GetHeadAsync(tx);
                if (since < await tenants.GetChangeHorizonAsync(tx))
                {
                    return null;
                }

                var changes = await tenants.ListChangesAsync(tx, since, maxTenants + 1);
                if (changes.Count > maxTenants)
                {
                    return null;
                }

                var upserts = new List<Tenant>(changes.Count);
                var removals = new List<string>();
                foreach (var change in changes)
                {
                    if (change.Tenant is { } tenant)
                    {
                        upserts.Add(tenant);
                    }
                    else
                    {
                        removals.Add(change.Id);
                    }
                }

                return new TableDelta(version, changedAt, await cells.ListLiveAsync(tx), upserts, removals, await keys.GetStoreIdAsync(tx));
            },
            cancellationToken);
}
