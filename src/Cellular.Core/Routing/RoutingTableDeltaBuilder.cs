using Cellular.Core.Model;
using Cellular.Core.Routing.Fallbacks;
using Cellular.Core.Routing.Internal;

namespace Cellular.Core.Routing;

/// <summary>
/// Validates a <see cref="RoutingTableDelta"/> against the table it claims to follow and builds
/// the next table: the previous compact map, shared, plus an overlay of every tenant changed
/// since that map was built. The overlay is copied on each delta, so its size bounds the cost of
/// a change; past <see cref="CompactionThreshold"/> it is folded into a new compact map.
/// </summary>
internal static class RoutingTableDeltaBuilder
{
    /// <summary>Overlay size at which the next delta rebuilds the compact map instead of growing the overlay.</summary>
    public static int CompactionThreshold(int baseCount) => Math.Max(8_192, baseCount / 16);

    public static RoutingTable Apply(RoutingTable table, RoutingTableDelta delta)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (delta is null)
        {
            throw new RoutingTableException("The routing table delta is empty.");
        }

        if (delta.Format != RoutingTableDelta.CurrentFormat)
        {
            throw new RoutingTableException($"Unknown routing table delta format '{delta.Format}'; expected '{RoutingTableDelta.CurrentFormat}'.");
        }

        if (delta.StoreId is not null && table.StoreId is not null && !string.Equals(delta.StoreId, table.StoreId, StringComparison.Ordinal))
        {
            throw new RoutingTableException($"The delta comes from store '{delta.StoreId}', but this table from store '{table.StoreId}'; versions of different stores do not compare.");
        }

        if (delta.BaseVersion != table.Version)
        {
            throw new RoutingTableException($"The delta applies to routing table version {delta.BaseVersion}, but this table is version {table.Version}.");
        }

        if (delta.Version <= delta.BaseVersion)
        {
            throw new RoutingTableException($"The delta goes from version {delta.BaseVersion} to version {delta.Version}; it must move forward.");
        }

        var cells = RoutingTableBuilder.BuildCells(delta.Cells ?? throw new RoutingTableException("The routing table delta has no 'cells' list."));
        var byId = new Dictionary<string, int>(cells.Length, StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            byId[cell.Id] = cell.Index;
        }

        var upserts = delta.Upserts ?? throw new RoutingTableException("The routing table delta has no 'upserts' list.");
        var removals = delta.Removals ?? throw new RoutingTableException("The routing table delta has no 'removals' list.");
        var fallbackSpec = delta.Fallback ?? FallbackSpec.Reject;
        var fallback = SameCells(table.Cells, cells) && SameFallback(table.Fallback.ToSpec(table.Cells), fallbackSpec)
            ? table.Fallback
            : RoutingTableBuilder.BuildFallback(fallbackSpec, cells, byId);

        // Where the shared map's cell indices land now; a map cell that is gone forces a rebuild,
        // which then refuses any tenant still pointing at it.
        var baseCells = new int[table.BaseCells?.Length ?? table.Cells.Count];
        var identity = baseCells.Length <= cells.Length;
        var cellGone = false;
        for (var i = 0; i < baseCells.Length; i++)
        {
            var oldIndex = table.BaseCells is null ? i : table.BaseCells[i];
            var id = oldIndex >= 0 && oldIndex < table.Cells.Count ? table.Cells[oldIndex].Id : null;
            baseCells[i] = id is not null && byId.TryGetValue(id, out var now) ? now : -1;
            cellGone |= baseCells[i] < 0;
            identity &= baseCells[i] == i;
        }

        var overlay = table.Overlay is null
            ? new Dictionary<string, TenantEntry>(upserts.Count + removals.Count, StringComparer.Ordinal)
            : RemapOverlay(table.Overlay, table.Cells, byId);
        var weights = table.Weights is null ? null : new Dictionary<string, int>(table.Weights, StringComparer.Ordinal);
        var seen = new HashSet<string>(upserts.Count + removals.Count, StringComparer.Ordinal);
        foreach (var t in upserts)
        {
            var cellIndex = RoutingTableBuilder.ValidateTenant(t, byId, "routing table delta");
            RoutingTableBuilder.ValidateWeight(t);
            if (!seen.Add(t.Id))
            {
                throw new RoutingTableException($"Tenant '{t.Id}' appears twice in the routing table delta.");
            }

            overlay[t.Id] = new TenantEntry(cellIndex, t.Pinned, t.Epoch);
            if (t.Weight != 1)
            {
                (weights ??= new Dictionary<string, int>(StringComparer.Ordinal))[t.Id] = t.Weight;
            }
            else
            {
                weights?.Remove(t.Id);
            }
        }

        foreach (var id in removals)
        {
            if (!Ids.IsValidTenantId(id))
            {
                throw new RoutingTableException($"The routing table delta removes an invalid tenant id: {Ids.DescribeInvalidTenantId(id)}");
            }

            if (!seen.Add(id))
            {
                throw new RoutingTableException($"Tenant '{id}' appears twice in the routing table delta.");
            }

            overlay[id] = new TenantEntry(-1, false, 0);
            weights?.Remove(id);
        }

        var count = table.TenantCount;
        foreach (var t in upserts)
        {
            if (!table.ContainsTenant(t.Id))
            {
                count++;
            }
        }

        foreach (var id in removals)
        {
            if (table.ContainsTenant(id))
            {
                count--;
            }
        }

        if (weights is { Count: 0 })
        {
            weights = null;
        }

        if (cellGone || overlay.Count > CompactionThreshold(table.BaseTenants.Count))
        {
            return Compact(table, overlay, baseCells, delta, cells, fallback, weights);
        }

        return new RoutingTable(delta.Version, delta.GeneratedAt, cells, table.BaseTenants, fallback, weights, overlay, identity ? null : baseCells, count) { StoreId = delta.StoreId ?? table.StoreId };
    }

    /// <summary>The previous overlay with its cell indices moved to the new cell list.</summary>
    private static Dictionary<string, TenantEntry> RemapOverlay(Dictionary<string, TenantEntry> overlay, IReadOnlyList<RouteCell> oldCells, Dictionary<string, int> byId)
    {
        var copy = new Dictionary<string, TenantEntry>(overlay.Count + 16, StringComparer.Ordinal);
        foreach (var (id, entry) in overlay)
        {
            if (entry.CellIndex < 0)
            {
                copy[id] = entry;
                continue;
            }

            var cellId = oldCells[entry.CellIndex].Id;
            if (!byId.TryGetValue(cellId, out var now))
            {
                throw new RoutingTableException(RoutingTableBuilder.UnknownCellMessage(id, cellId));
            }

            copy[id] = entry with { CellIndex = now };
        }

        return copy;
    }

    /// <summary>Folds the overlay into a new compact map, validating every tenant's cell again.</summary>
    private static RoutingTable Compact(
        RoutingTable table,
        Dictionary<string, TenantEntry> overlay,
        int[] baseCells,
        RoutingTableDelta delta,
        RouteCell[] cells,
        FallbackStrategy fallback,
        Dictionary<string, int>? weights)
    {
        var entries = new List<(string Id, TenantEntry Entry)>(table.BaseTenants.Count + overlay.Count);
        long arenaBytes = 0;
        var cellBytes = CompactTenantMapBuilder<TenantKeyHasher>.CellBytes(cells.Length);
        foreach (var (id, entry) in table.BaseTenants)
        {
            if (overlay.ContainsKey(id))
            {
                continue;
            }

            var cell = baseCells[entry.CellIndex];
            if (cell < 0)
            {
                var gone = table.Cells[table.BaseCells is null ? entry.CellIndex : table.BaseCells[entry.CellIndex]].Id;
                throw new RoutingTableException(RoutingTableBuilder.UnknownCellMessage(id, gone));
            }

            entries.Add((id, entry with { CellIndex = cell }));
            arenaBytes += CompactTenantMapBuilder<TenantKeyHasher>.EntrySize(id.Length, entry.Epoch, cellBytes);
        }

        foreach (var (id, entry) in overlay)
        {
            if (entry.CellIndex >= 0)
            {
                entries.Add((id, entry));
                arenaBytes += CompactTenantMapBuilder<TenantKeyHasher>.EntrySize(id.Length, entry.Epoch, cellBytes);
            }
        }

        if (arenaBytes > CompactTenantMapBuilder<TenantKeyHasher>.MaxArenaLength - 1)
        {
            throw new RoutingTableException($"The routing table's {entries.Count} tenants need {arenaBytes} bytes, more than one table can hold.");
        }

        var builder = new CompactTenantMapBuilder<TenantKeyHasher>(entries.Count, arenaBytes, cells.Length, TenantKeyHasher.CreateRandom());
        foreach (var (id, entry) in entries)
        {
            builder.TryAdd(id, entry.CellIndex, entry.Pinned, entry.Epoch);
        }

        var map = builder.Build();
        return new RoutingTable(delta.Version, delta.GeneratedAt, cells, map, fallback, weights, null, null, map.Count) { StoreId = delta.StoreId ?? table.StoreId };
    }

    private static bool SameCells(IReadOnlyList<RouteCell> before, RouteCell[] after)
    {
        if (before.Count != after.Length)
        {
            return false;
        }

        for (var i = 0; i < after.Length; i++)
        {
            if (before[i] != after[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameFallback(FallbackSpec before, FallbackSpec after) =>
        before.Kind == after.Kind
        && before.VirtualNodes == after.VirtualNodes
        && SameList(before.Buckets, after.Buckets)
        && SameList(before.Ranges, after.Ranges);

    private static bool SameList<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.Count == b.Count && a.SequenceEqual(b);
    }
}
