using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>Builds routing table snapshots for tests.</summary>
internal static class Snapshots
{
    public static RoutingTableSnapshot Create(long version, IEnumerable<CellRouteSpec> cells, IEnumerable<TenantRouteSpec> tenants, FallbackSpec? fallback = null) =>
        new(RoutingTableSnapshot.CurrentFormat, version, DateTimeOffset.UnixEpoch.AddSeconds(version), fallback ?? FallbackSpec.Reject, [.. cells], [.. tenants]);

    public static CellRouteSpec Cell(string id, string? endpoint, CellState state = CellState.Active) => new(id, endpoint, state);

    public static TenantRouteSpec Tenant(string id, string cell, long epoch = 1, bool pinned = false) => new(id, cell, epoch, pinned);

    /// <summary>One Active cell <c>c1</c> at <paramref name="endpoint"/> holding tenant <c>acme</c>.</summary>
    public static RoutingTableSnapshot OneTenant(long version, string endpoint, long epoch = 1) =>
        Create(version, [Cell("c1", endpoint)], [Tenant("acme", "c1", epoch)]);
}
