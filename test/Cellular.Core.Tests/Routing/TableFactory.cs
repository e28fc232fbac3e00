using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

internal static class TableFactory
{
    public static IReadOnlyList<CellRouteSpec> Cells(int count, CellState state = CellState.Active) =>
        Enumerable.Range(1, count).Select(i => new CellRouteSpec($"c{i}", $"http://127.0.0.1:{5100 + i}", state)).ToList();

    public static RoutingTableSnapshot Snapshot(
        IReadOnlyList<CellRouteSpec> cells,
        IReadOnlyList<TenantRouteSpec>? tenants = null,
        FallbackSpec? fallback = null,
        long version = 1) =>
        new(RoutingTableSnapshot.CurrentFormat, version, DateTimeOffset.UnixEpoch, fallback ?? FallbackSpec.Reject, cells, tenants ?? []);
}
