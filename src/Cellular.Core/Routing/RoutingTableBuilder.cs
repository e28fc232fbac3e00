using Cellular.Core.Model;
using Cellular.Core.Routing.Fallbacks;
using Cellular.Core.Routing.Internal;

namespace Cellular.Core.Routing;

/// <summary>Validates a <see cref="RoutingTableSnapshot"/> and turns it into a <see cref="RoutingTable"/>.</summary>
internal static class RoutingTableBuilder
{
    private const int MaxBuckets = 1 << 20;
    private const int MaxVirtualNodes = 10_000;
    internal const int MaxTenantWeight = 1_000_000;

    public static RoutingTable Build(RoutingTableSnapshot snapshot)
    {
        if (snapshot is null)
        {
            throw new RoutingTableException("The routing table is empty.");
        }

        if (snapshot.Format != RoutingTableSnapshot.CurrentFormat)
        {
            throw new RoutingTableException($"Unknown routing table format '{snapshot.Format}'; expected '{RoutingTableSnapshot.CurrentFormat}'.");
        }

        if (snapshot.Version < 1)
        {
            throw new RoutingTableException($"Routing table version {snapshot.Version} is not valid; versions start at 1.");
        }

        var cells = BuildCells(snapshot.Cells ?? throw new RoutingTableException("The routing table has no 'cells' list."));
        var byId = new Dictionary<string, int>(cells.Length, StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            byId[cell.Id] = cell.Index;
        }

        var tenantSpecs = snapshot.Tenants ?? throw new RoutingTableException("The routing table has no 'tenants' list.");
        var tenants = BuildTenants(tenantSpecs, cells.Length, byId);
        var weights = BuildWeights(tenantSpecs);
        var fallback = BuildFallback(snapshot.Fallback ?? FallbackSpec.Reject, cells, byId);
        return new RoutingTable(snapshot.Version, snapshot.GeneratedAt, cells, tenants, fallback, weights) { StoreId = snapshot.StoreId };
    }

    /// <summary>The weights that are not 1, keyed by tenant; null when every tenant weighs 1. Runs after the tenants were validated.</summary>
    private static Dictionary<string, int>? BuildWeights(IReadOnlyList<TenantRouteSpec> specs)
    {
        Dictionary<string, int>? weights = null;
        for (var i = 0; i < specs.Count; i++)
        {
            var t = specs[i];
            ValidateWeight(t);

            if (t.Weight != 1)
            {
                (weights ??= new Dictionary<string, int>(StringComparer.Ordinal))[t.Id] = t.Weight;
            }
        }

        return weights;
    }

    private static CompactTenantMap<TenantKeyHasher> BuildTenants(IReadOnlyList<TenantRouteSpec> specs, int cellCount, Dictionary<string, int> byId)
    {
        // First pass: the exact arena size, so the map is two allocations and nothing per tenant.
        // Entries that are invalid are counted loosely; the second pass refuses them before
        // writing anything for them.
        var cellBytes = CompactTenantMapBuilder<TenantKeyHasher>.CellBytes(cellCount);
        long entryBytes = 0;
        for (var i = 0; i < specs.Count; i++)
        {
            var t = specs[i];
            if (t?.Id is { } id && id.Length <= Ids.MaxLength)
            {
                entryBytes += CompactTenantMapBuilder<TenantKeyHasher>.EntrySize(id.Length, Math.Max(t.Epoch, 0), cellBytes);
            }
        }

        if (entryBytes > CompactTenantMapBuilder<TenantKeyHasher>.MaxArenaLength - 1)
        {
            throw new RoutingTableException($"The routing table's {specs.Count} tenants need {entryBytes} bytes, more than one table can hold.");
        }

        // Second pass: validate in list order, exactly as the checks read, and store.
        var map = new CompactTenantMapBuilder<TenantKeyHasher>(specs.Count, entryBytes, cellCount, TenantKeyHasher.CreateRandom());
        for (var i = 0; i < specs.Count; i++)
        {
            var t = specs[i];
            var cellIndex = ValidateTenant(t, byId, "routing table");
            if (!map.TryAdd(t.Id, cellIndex, t.Pinned, t.Epoch))
            {
                throw new RoutingTableException($"Tenant '{t.Id}' appears twice in the routing table.");
            }
        }

        return map.Build();
    }

    /// <summary>
    /// Checks a tenant entry's id, cell and epoch, in that order, and returns its cell index;
    /// <paramref name="what"/> names what holds the entry in the message ("routing table" or "routing table delta").
    /// </summary>
    internal static int ValidateTenant(TenantRouteSpec? t, Dictionary<string, int> byId, string what)
    {
        if (t is null || !Ids.IsValidTenantId(t.Id))
        {
            throw new RoutingTableException($"The {what} holds an invalid tenant id: {Ids.DescribeInvalidTenantId(t?.Id)}");
        }

        if (t.Cell is null || !byId.TryGetValue(t.Cell, out var cellIndex))
        {
            throw new RoutingTableException(UnknownCellMessage(t.Id, t.Cell));
        }

        if (t.Epoch < 0)
        {
            throw new RoutingTableException(NegativeEpochMessage(t.Id, t.Epoch));
        }

        return cellIndex;
    }

    /// <summary>Refuses a weight outside 1 to <see cref="MaxTenantWeight"/>.</summary>
    internal static void ValidateWeight(TenantRouteSpec t)
    {
        if (t.Weight is < 1 or > MaxTenantWeight)
        {
            throw new RoutingTableException(WeightMessage(t.Id, t.Weight));
        }
    }

    internal static string UnknownCellMessage(string? tenant, string? cell) => $"Tenant '{tenant}' is assigned to cell '{cell}', which is not in the table.";

    internal static string NegativeEpochMessage(string? tenant, long epoch) => $"Tenant '{tenant}' has a negative epoch ({epoch}).";

    internal static string WeightMessage(string? tenant, long weight) => $"Tenant '{tenant}' has weight {weight}; a weight must be between 1 and {MaxTenantWeight}.";

    internal static RouteCell[] BuildCells(IReadOnlyList<CellRouteSpec> specs)
    {
        var cells = new RouteCell[specs.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cells.Length; i++)
        {
            var c = specs[i] ?? throw new RoutingTableException($"Cell entry {i} of the routing table is null.");
            if (!Ids.IsValidCellId(c.Id))
            {
                throw new RoutingTableException($"The routing table holds an invalid cell id: {Ids.DescribeInvalidCellId(c.Id)}");
            }

            if (!seen.Add(c.Id))
            {
                throw new RoutingTableException($"Cell '{c.Id}' appears twice in the routing table.");
            }

            if (c.Endpoint is not null && (!Uri.TryCreate(c.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                throw new RoutingTableException($"Cell '{c.Id}' has endpoint '{c.Endpoint}', which is not an absolute http(s) URL.");
            }

            if (!Enum.IsDefined(c.State))
            {
                throw new RoutingTableException($"Cell '{c.Id}' has an unknown state ({(int)c.State}).");
            }

            cells[i] = new RouteCell(i, c.Id, c.Endpoint, c.State);
        }

        return cells;
    }

    internal static FallbackStrategy BuildFallback(FallbackSpec spec, RouteCell[] cells, Dictionary<string, int> byId)
    {
        switch (spec.Kind)
        {
            case FallbackKind.Reject:
                return RejectFallback.Instance;

            case FallbackKind.HashedBuckets:
                var buckets = spec.Buckets;
                if (buckets is null || buckets.Count == 0 || buckets.Count > MaxBuckets)
                {
                    throw new RoutingTableException($"A hashed-bucket fallback needs 1 to {MaxBuckets} buckets.");
                }

                var bucketCells = new int[buckets.Count];
                for (var i = 0; i < bucketCells.Length; i++)
                {
                    bucketCells[i] = CellIndex(byId, buckets[i], $"bucket {i}");
                }

                return new HashedBucketFallback(bucketCells);

            case FallbackKind.ConsistentHash:
                var vnodes = spec.VirtualNodes ?? ConsistentHashFallback.DefaultVirtualNodes;
                if (vnodes is < 1 or > MaxVirtualNodes)
                {
                    throw new RoutingTableException($"Consistent hashing needs 1 to {MaxVirtualNodes} virtual nodes per cell, not {vnodes}.");
                }

                return new ConsistentHashFallback(cells, vnodes);

            case FallbackKind.KeyRanges:
                var ranges = spec.Ranges;
                if (ranges is null || ranges.Count == 0)
                {
                    throw new RoutingTableException("A key-range fallback needs at least one range.");
                }

                var starts = new string[ranges.Count];
                var rangeCells = new int[ranges.Count];
                for (var i = 0; i < ranges.Count; i++)
                {
                    starts[i] = ranges[i]?.Start ?? throw new RoutingTableException($"Key range {i} has no start.");
                    rangeCells[i] = CellIndex(byId, ranges[i].Cell, $"key range '{starts[i]}'");
                }

                try
                {
                    return new KeyRangeFallback(starts, rangeCells);
                }
                catch (ArgumentException e)
                {
                    throw new RoutingTableException(e.Message, e);
                }

            default:
                throw new RoutingTableException($"Unknown fallback strategy ({(int)spec.Kind}).");
        }
    }

    private static int CellIndex(Dictionary<string, int> byId, string? cell, string what) =>
        cell is not null && byId.TryGetValue(cell, out var index)
            ? index
            : throw new RoutingTableException($"The fallback's {what} names cell '{cell}', which is not in the table.");
}
