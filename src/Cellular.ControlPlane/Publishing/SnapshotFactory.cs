using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Store;
using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.ControlPlane.Publishing;

/// <summary>Turns the stored cells and tenants into the snapshot routers consume.</summary>
internal static class SnapshotFactory
{
    public static RoutingTableSnapshot Build(TableState state, FallbackOptions fallback)
    {
        var cells = state.Cells.Select(c => new CellRouteSpec(c.Id, c.Endpoint, c.State)).ToList();
        var tenants = state.Tenants.Select(t => new TenantRouteSpec(t.Id, t.Cell, t.Epoch, t.Pinned, t.Weight)).ToList();
        return new RoutingTableSnapshot(RoutingTableSnapshot.CurrentFormat, state.Version, state.ChangedAt, Fallback(state.Cells, fallback), cells, tenants, StoreId: state.StoreId);
    }

    /// <summary>
    /// The table-wide settings as one string: when it differs from the one last published, the
    /// control plane publishes a new version so routers take them.
    /// </summary>
    public static string Settings(FallbackOptions fallback) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"fallback={fallback.Kind?.Trim().ToLowerInvariant()};buckets={fallback.Buckets};virtualNodes={fallback.VirtualNodes}");

    /// <summary>
    /// The configured fallback. Hashed buckets are dealt round-robin over the Active cells in
    /// id order; with no Active cell there is nothing to hash to, so unknown keys are rejected.
    /// </summary>
    public static FallbackSpec Fallback(IReadOnlyList<Cell> cells, FallbackOptions options)
    {
        FallbackKinds.TryParse(options.Kind, out var kind);
        switch (kind)
        {
            case FallbackKind.ConsistentHash:
                return new FallbackSpec(FallbackKind.ConsistentHash, VirtualNodes: options.VirtualNodes);

            case FallbackKind.HashedBuckets:
                var active = cells.Where(c => c.State == CellState.Active).Select(c => c.Id).ToArray();
                if (active.Length == 0)
                {
                    return FallbackSpec.Reject;
                }

                var buckets = new string[options.Buckets];
                for (var i = 0; i < buckets.Length; i++)
                {
                    buckets[i] = active[i % active.Length];
                }

                return new FallbackSpec(FallbackKind.HashedBuckets, Buckets: buckets);

            default:
                return FallbackSpec.Reject;
        }
    }
}
