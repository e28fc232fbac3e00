using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Data;

/// <summary>
/// Deterministic synthetic routing tables. Tenant ids are <c>tenant-00000042</c> (15 ASCII
/// characters); every 50th tenant is pinned; epochs are mostly small, as after a few moves,
/// with one tenant in a thousand far past the one-byte range.
/// </summary>
public static class SnapshotGenerator
{
    /// <summary>Every 50th tenant is pinned.</summary>
    public const int PinEvery = 50;

    /// <summary>The id of tenant <paramref name="i"/>.</summary>
    public static string TenantId(long i) => $"tenant-{i:D8}";

    /// <summary>An id that is not in a table of <paramref name="tenants"/> tenants but has the same shape.</summary>
    public static string UnknownId(int tenants, long j) => TenantId(tenants + j);

    /// <summary>True when tenant <paramref name="i"/> is pinned.</summary>
    public static bool IsPinned(int i) => i % PinEvery == 0;

    /// <summary>The id of cell <paramref name="c"/>.</summary>
    public static string CellId(int c) => $"cell-{c:D4}";

    /// <summary>A snapshot with <paramref name="tenants"/> tenants spread over <paramref name="cells"/> Active cells.</summary>
    /// <param name="tenants">Number of tenants.</param>
    /// <param name="cells">Number of cells.</param>
    /// <param name="fallback">The fallback; hashed buckets over every cell when null.</param>
    /// <param name="id">The id of tenant i; <see cref="TenantId"/> when null.</param>
    public static RoutingTableSnapshot Create(int tenants, int cells, FallbackSpec? fallback = null, Func<int, string>? id = null)
    {
        var cellSpecs = new CellRouteSpec[cells];
        var cellIds = new string[cells];
        for (var c = 0; c < cells; c++)
        {
            cellIds[c] = CellId(c);
            cellSpecs[c] = new CellRouteSpec(cellIds[c], $"http://10.0.{c / 250}.{(c % 250) + 1}:8080", CellState.Active);
        }

        var tenantSpecs = new TenantRouteSpec[tenants];
        for (var i = 0; i < tenants; i++)
        {
            // A multiplicative spread, so neighbouring ids land in different cells.
            var cell = (int)((uint)(i * 2654435761u) % (uint)cells);
            var epoch = i % 1000 == 7 ? 1L << 33 : i % 13;
            tenantSpecs[i] = new TenantRouteSpec(id?.Invoke(i) ?? TenantId(i), cellIds[cell], epoch, IsPinned(i));
        }

        return new RoutingTableSnapshot(
            RoutingTableSnapshot.CurrentFormat,
            Version: 1,
            GeneratedAt: DateTimeOffset.UnixEpoch,
            fallback ?? HashedBuckets(cells),
            cellSpecs,
            tenantSpecs);
    }

    /// <summary>1024 buckets dealt round-robin over the cells, the control plane's default.</summary>
    public static FallbackSpec HashedBuckets(int cells) =>
        new(FallbackKind.HashedBuckets, Buckets: Enumerable.Range(0, 1024).Select(b => CellId(b % cells)).ToArray());

    /// <summary>Consistent hashing with the default virtual nodes.</summary>
    public static FallbackSpec ConsistentHash { get; } = new(FallbackKind.ConsistentHash, VirtualNodes: 1024);
}
