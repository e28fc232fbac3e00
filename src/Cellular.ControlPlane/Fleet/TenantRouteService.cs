using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tenants;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Cellular.Core.Routing;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// Explains where the published routing table sends a tenant, as a router would: pin, then
/// assignment, then the fallback, with the same rule names and <c>X-Cell-Route</c> text. A table
/// with a million tenants takes seconds to build, so this does not build it: a registered tenant's
/// pin or assignment is its stored row (exactly what the publisher puts in the table), and the
/// fallback comes from a table of the same version built with the same <see cref="SnapshotFactory"/>
/// from the cells alone, kept until the version changes.
/// </summary>
internal sealed class TenantRouteService(IStoreDatabase database, CellStore cellStore, TableVersionStore versionStore, ICellularStore store, IOptions<ControlPlaneOptions> options)
{
    /// <summary>Most moves listed per tenant.</summary>
    public const int MaxMoves = 50;

    private RoutingTable? _cellsOnly;

    public async Task<TenantRoute> GetAsync(string id, CancellationToken cancellationToken)
    {
        TenantRequestValidator.RequireTenantId(id);
        var table = await CellsOnlyTableAsync(cancellationToken);
        var tenant = (await store.GetTenantAsync(id, cancellationToken))?.Tenant;
        var moves = await store.ListMigrationsAsync(null, id, null, MaxMoves, cancellationToken);

        RouteRule rule;
        RouteCell? cell;
        long epoch;
        if (tenant is not null)
        {
            rule = tenant.Pinned ? RouteRule.Pin : RouteRule.Assignment;
            cell = table.FindCell(tenant.Cell);
            epoch = tenant.Epoch;
        }
        else
        {
            var route = table.Lookup(id);
            rule = route.Rule;
            cell = route.Found ? table.Cells[route.CellIndex] : null;
            epoch = route.Epoch;
        }

        return new TenantRoute(
            id,
            tenant is not null,
            cell?.Id ?? tenant?.Cell,
            RoutingTable.RuleName(rule),
            table.Version,
            table.RouteHeader(rule),
            epoch,
            tenant?.Pinned ?? false,
            tenant?.Weight,
            cell?.State,
            moves);
    }

    /// <summary>The table of the current version without tenants: its cells and its fallback.</summary>
    private async Task<RoutingTable> CellsOnlyTableAsync(CancellationToken cancellationToken)
    {
        var version = await database.ReadAsync(versionStore.GetAsync, cancellationToken);
        if (Volatile.Read(ref _cellsOnly) is { } cached && cached.Version == version)
        {
            return cached;
        }

        var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).Select(c => c.Cell).Where(c => c.State != CellState.Retired).ToList();
        var state = new TableState(version, DateTimeOffset.UnixEpoch, cells, [], string.Empty);
        var table = RoutingTable.FromSnapshot(SnapshotFactory.Build(state, options.Value.Fallback));
        Volatile.Write(ref _cellsOnly, table);
        return table;
    }
}
