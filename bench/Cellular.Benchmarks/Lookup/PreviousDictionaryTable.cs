using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Lookup;

/// <summary>
/// The tenant map <see cref="RoutingTable"/> used before the compact map: a
/// <c>Dictionary&lt;string, Entry&gt;</c> with a span lookup. Kept here as the baseline.
/// </summary>
public sealed class PreviousDictionaryTable
{
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Builds the dictionary from the snapshot's tenants.</summary>
    public PreviousDictionaryTable(RoutingTableSnapshot snapshot)
    {
        var cells = new Dictionary<string, int>(snapshot.Cells.Count, StringComparer.Ordinal);
        for (var i = 0; i < snapshot.Cells.Count; i++)
        {
            cells[snapshot.Cells[i].Id] = i;
        }

        var tenants = new Dictionary<string, Entry>(snapshot.Tenants.Count, StringComparer.Ordinal);
        foreach (var t in snapshot.Tenants)
        {
            if (!tenants.TryAdd(t.Id, new Entry(cells[t.Cell], t.Pinned, t.Epoch)))
            {
                throw new InvalidOperationException($"Tenant '{t.Id}' appears twice.");
            }
        }

        _lookup = tenants.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Same contract as <see cref="RoutingTable.Lookup"/> for tenants with an entry.</summary>
    public RouteResult Lookup(ReadOnlySpan<char> key) =>
        _lookup.TryGetValue(key, out var e)
            ? new RouteResult(e.Pinned ? RouteRule.Pin : RouteRule.Assignment, e.CellIndex, e.Epoch)
            : RouteResult.NotFound;

    private readonly record struct Entry(int CellIndex, bool Pinned, long Epoch);
}
