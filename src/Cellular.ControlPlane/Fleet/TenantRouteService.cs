using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tenants;
using Cellular.Core.Api;
using Cellular.Core.Routing;

namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// Explains where the published routing table sends a tenant, as a router would (the same lookup,
/// the same <c>X-Cell-Route</c> text). The table is read from the publisher's JSON once per version
/// and kept until the next one, so a lookup is a dictionary read even with a million tenants.
/// </summary>
internal sealed class TenantRouteService(RoutingTablePublisher publisher, ICellularStore store)
{
    /// <summary>Most moves listed per tenant.</summary>
    public const int MaxMoves = 50;

    private readonly SemaphoreSlim _parseLock = new(1, 1);
    private ParsedTable? _cached;

    public async Task<TenantRoute> GetAsync(string id, CancellationToken cancellationToken)
    {
        TenantRequestValidator.RequireTenantId(id);
        var table = await TableAsync(cancellationToken);
        var tenant = await store.GetTenantAsync(id, cancellationToken);
        var moves = await store.ListMigrationsAsync(null, id, null, MaxMoves, cancellationToken);
        var route = table.Lookup(id);
        var cell = route.Found ? table.Cells[route.CellIndex] : null;
        return new TenantRoute(
            id,
            tenant is not null,
            cell?.Id,
            RoutingTable.RuleName(route.Rule),
            table.Version,
            table.RouteHeader(route.Rule),
            route.Epoch,
            tenant?.Tenant.Pinned ?? false,
            tenant?.Tenant.Weight,
            cell?.State,
            moves);
    }

    private async Task<RoutingTable> TableAsync(CancellationToken cancellationToken)
    {
        var published = await publisher.GetCurrentAsync(cancellationToken);
        if (Volatile.Read(ref _cached) is { } hit && ReferenceEquals(hit.Published, published))
        {
            return hit.Table;
        }

        await _parseLock.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && again.Published.Version >= published.Version)
            {
                return again.Table;
            }

            var table = RoutingTableJson.Read(published.Json.Span);
            Volatile.Write(ref _cached, new ParsedTable(published, table));
            return table;
        }
        finally
        {
            _parseLock.Release();
        }
    }

    private sealed record ParsedTable(PublishedTable Published, RoutingTable Table);
}
