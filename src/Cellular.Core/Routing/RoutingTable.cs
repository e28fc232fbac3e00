using Cellular.Core.Routing.Fallbacks;
using Cellular.Core.Routing.Internal;

namespace Cellular.Core.Routing;

/// <summary>
/// Immutable, versioned map from tenant key to cell. Lookup precedence is
/// pin → explicit assignment → fallback strategy. A table never changes after it is built;
/// routers swap whole tables, so a lookup is one read of a reference, lock-free and
/// allocation-free.
/// </summary>
public sealed class RoutingTable
{
    private readonly CompactTenantMap<TenantKeyHasher> _tenants;
    private readonly Dictionary<string, int> _cellIndexById;
    private readonly string[] _routeHeaders;

    // Sparse: only tenants whose weight is not 1, so the common table carries almost nothing.
    private readonly Dictionary<string, int>? _weights;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _weightLookup;

    // Set on tables made by ApplyDelta: the tenants changed since the compact map was built
    // (CellIndex -1 marks a removal), and where the map's cell indices sit in this table's cells.
    private readonly Dictionary<string, TenantEntry>? _overlay;
    private readonly Dictionary<string, TenantEntry>.AlternateLookup<ReadOnlySpan<char>> _overlayLookup;
    private readonly int[]? _baseCells;

    internal RoutingTable(long version, DateTimeOffset generatedAt, RouteCell[] cells, CompactTenantMap<TenantKeyHasher> tenants, FallbackStrategy fallback, Dictionary<string, int>? weights = null)
        : this(version, generatedAt, cells, tenants, fallback, weights, null, null, tenants.Count)
    {
    }

    internal RoutingTable(
        long version,
        DateTimeOffset generatedAt,
        RouteCell[] cells,
        CompactTenantMap<TenantKeyHasher> tenants,
        FallbackStrategy fallback,
        Dictionary<string, int>? weights,
        Dictionary<string, TenantEntry>? overlay,
        int[]? baseCells,
        int tenantCount)
    {
        Version = version;
        GeneratedAt = generatedAt;
        Cells = cells;
        Fallback = fallback;
        TenantCount = tenantCount;
        _tenants = tenants;
        _baseCells = baseCells;
        if (overlay is { Count: > 0 })
        {
            _overlay = overlay;
            _overlayLookup = overlay.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        if (weights is { Count: > 0 })
        {
            _weights = weights;
            _weightLookup = weights.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        _cellIndexById = new Dictionary<string, int>(cells.Length, StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            _cellIndexById[cell.Id] = cell.Index;
        }

        // One preformatted X-Cell-Route value per rule, so the request path never formats.
        _routeHeaders = new string[Enum.GetValues<RouteRule>().Length];
        foreach (var rule in Enum.GetValues<RouteRule>())
        {
            _routeHeaders[(int)rule] = $"{RuleName(rule)}; v={version}";
        }
    }

    /// <summary>An empty table (version 0) that rejects every key: what a router has before its first sync.</summary>
    public static RoutingTable Empty { get; } = new(0, DateTimeOffset.UnixEpoch, [], new CompactTenantMapBuilder<TenantKeyHasher>(0, 0, 0, default).Build(), RejectFallback.Instance);

    /// <summary>Monotonic version; every control-plane mutation produces a new one.</summary>
    public long Version { get; }

    /// <summary>When the control plane built this version.</summary>
    public DateTimeOffset GeneratedAt { get; }

    /// <summary>
    /// The identity of the store that made the table (<see cref="RoutingTableSnapshot.StoreId"/>):
    /// versions compare only between tables of the same store. Null for tables from before store ids.
    /// </summary>
    public string? StoreId { get; internal init; }

    /// <summary>Every cell the table knows, indexed by <see cref="RouteCell.Index"/>.</summary>
    public IReadOnlyList<RouteCell> Cells { get; }

    /// <summary>The strategy for keys without a pin or an assignment.</summary>
    public FallbackStrategy Fallback { get; }

    /// <summary>Number of tenants with a pin or an explicit assignment.</summary>
    public int TenantCount { get; }

    /// <summary>The compact map a delta-built table shares with the table it came from.</summary>
    internal CompactTenantMap<TenantKeyHasher> BaseTenants => _tenants;

    /// <summary>Tenants changed since <see cref="BaseTenants"/> was built (cell -1: removed); null when none.</summary>
    internal Dictionary<string, TenantEntry>? Overlay => _overlay;

    /// <summary>Where each cell index of <see cref="BaseTenants"/> sits in <see cref="Cells"/>; null when they are the same.</summary>
    internal int[]? BaseCells => _baseCells;

    /// <summary>The sparse weights (only tenants whose weight is not 1); null when every tenant weighs 1.</summary>
    internal Dictionary<string, int>? Weights => _weights;

    /// <summary>Resolves a tenant key: pin → explicit assignment → fallback.</summary>
    public RouteResult Lookup(ReadOnlySpan<char> key)
    {
        if (_overlay is not null && _overlayLookup.TryGetValue(key, out var changed))
        {
            if (changed.CellIndex >= 0)
            {
                return new RouteResult(changed.Pinned ? RouteRule.Pin : RouteRule.Assignment, changed.CellIndex, changed.Epoch);
            }
        }
        else if (_tenants.TryGetValue(key, out var entry))
        {
            var index = _baseCells is null ? entry.CellIndex : _baseCells[entry.CellIndex];
            return new RouteResult(entry.Pinned ? RouteRule.Pin : RouteRule.Assignment, index, entry.Epoch);
        }

        var cell = Fallback.Resolve(key);
        return cell < 0 ? RouteResult.NotFound : new RouteResult(Fallback.Rule, cell, 0);
    }

    /// <summary>True when <paramref name="key"/> has a pin or an assignment (not a fallback route).</summary>
    internal bool ContainsTenant(ReadOnlySpan<char> key) =>
        _overlay is not null && _overlayLookup.TryGetValue(key, out var changed) ? changed.CellIndex >= 0 : _tenants.TryGetValue(key, out _);

    /// <summary>
    /// The weight of tenant <paramref name="key"/> in weight units: what the control plane published,
    /// or 1 for tenants without one (including keys the table does not list).
    /// </summary>
    public int GetTenantWeight(ReadOnlySpan<char> key) =>
        _weights is not null && _weightLookup.TryGetValue(key, out var weight) ? weight : 1;

    /// <summary>The cell with <paramref name="id"/>, or null.</summary>
    public RouteCell? FindCell(string id) => _cellIndexById.TryGetValue(id, out var i) ? Cells[i] : null;

    /// <summary>The <c>X-Cell-Route</c> header value for a decision of this table, e.g. <c>assignment; v=42</c>.</summary>
    public string RouteHeader(RouteRule rule) => _routeHeaders[(int)rule];

    /// <summary>The short name of a rule as it appears in <c>X-Cell-Route</c>.</summary>
    public static string RuleName(RouteRule rule) => rule switch
    {
        RouteRule.Pin => "pin",
        RouteRule.Assignment => "assignment",
        RouteRule.HashedBucket => "hashed-bucket",
        RouteRule.ConsistentHash => "consistent-hash",
        RouteRule.KeyRange => "key-range",
        _ => "none",
    };

    /// <summary>Builds a table from a snapshot, refusing anything inconsistent.</summary>
    /// <exception cref="RoutingTableException">The snapshot is not a usable table; the message says why.</exception>
    public static RoutingTable FromSnapshot(RoutingTableSnapshot snapshot) => RoutingTableBuilder.Build(snapshot);

    /// <summary>
    /// The table <paramref name="delta"/> leads to from this one. The compact tenant map is shared
    /// and the changes sit in a small overlay, so applying one change to a table of millions of
    /// tenants costs about as much as the change itself; the overlay is folded into a new map once
    /// it grows large.
    /// </summary>
    /// <exception cref="RoutingTableException">The delta does not apply to this version or is inconsistent; the message says why.</exception>
    public RoutingTable ApplyDelta(RoutingTableDelta delta) => RoutingTableDeltaBuilder.Apply(this, delta);

    /// <summary>Every tenant with a pin or an assignment, in no particular order; allocates one string per tenant.</summary>
    internal IEnumerable<(string Id, TenantEntry Entry)> EnumerateTenants()
    {
        foreach (var (id, entry) in _tenants)
        {
            if (_overlay is not null && _overlay.ContainsKey(id))
            {
                continue;
            }

            yield return (id, _baseCells is null ? entry : entry with { CellIndex = _baseCells[entry.CellIndex] });
        }

        if (_overlay is not null)
        {
            foreach (var (id, entry) in _overlay)
            {
                if (entry.CellIndex >= 0)
                {
                    yield return (id, entry);
                }
            }
        }
    }

    /// <summary>The serialisable form of this table.</summary>
    public RoutingTableSnapshot ToSnapshot()
    {
        var cells = new CellRouteSpec[Cells.Count];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = new CellRouteSpec(Cells[i].Id, Cells[i].Endpoint, Cells[i].State);
        }

        var tenants = new List<TenantRouteSpec>(TenantCount);
        foreach (var (id, entry) in EnumerateTenants())
        {
            tenants.Add(new TenantRouteSpec(id, Cells[entry.CellIndex].Id, entry.Epoch, entry.Pinned, GetTenantWeight(id)));
        }

        return new RoutingTableSnapshot(RoutingTableSnapshot.CurrentFormat, Version, GeneratedAt, Fallback.ToSpec(Cells), cells, tenants, StoreId);
    }

    /// <summary>Builds a table straight from snapshot JSON, without a snapshot in between; see <see cref="RoutingTableJson.Read"/>.</summary>
    public static RoutingTable ReadJson(ReadOnlySpan<byte> utf8Json) => RoutingTableJson.Read(utf8Json);

    /// <summary>Builds a table from snapshot JSON read from a stream a block at a time; see <see cref="RoutingTableJson.ReadAsync"/>.</summary>
    public static Task<RoutingTable> ReadJsonAsync(Stream utf8Json, CancellationToken cancellationToken = default) => RoutingTableJson.ReadAsync(utf8Json, cancellationToken);
}
