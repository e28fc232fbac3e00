using Cellular.Core.Model;

namespace Cellular.Core.Routing;

/// <summary>
/// The serialisable form of a <see cref="RoutingTable"/>: what the control plane publishes and
/// what routers keep on disk. <see cref="Format"/> lets a reader refuse a file it does not know.
/// <see cref="StoreId"/> names the store that made it: versions only compare within one store, so a
/// router whose table came from another store (a restored or reset database) takes the new one
/// whatever its version.
/// </summary>
public sealed record RoutingTableSnapshot(
    string Format,
    long Version,
    DateTimeOffset GeneratedAt,
    FallbackSpec Fallback,
    IReadOnlyList<CellRouteSpec> Cells,
    IReadOnlyList<TenantRouteSpec> Tenants,
    string? StoreId = null)
{
    /// <summary>The format name written by this version of Cellular.</summary>
    public const string CurrentFormat = "cellular.routing-table/v1";
}

/// <summary>A cell entry of a snapshot.</summary>
public sealed record CellRouteSpec(string Id, string? Endpoint, CellState State);

/// <summary>A tenant entry of a snapshot: explicit assignment, or a pin when <see cref="Pinned"/>.</summary>
/// <param name="Id">The tenant.</param>
/// <param name="Cell">The cell that owns the tenant.</param>
/// <param name="Epoch">The tenant's ownership counter.</param>
/// <param name="Pinned">True for a pin.</param>
/// <param name="Weight">The tenant's size in weight units (1 to 1,000,000): routers scale its rate limit by it. Absent means 1.</param>
public sealed record TenantRouteSpec(string Id, string Cell, long Epoch, bool Pinned, int Weight = 1);

/// <summary>The fallback strategy of a snapshot and its parameters.</summary>
/// <param name="Kind">Which strategy.</param>
/// <param name="Buckets">For hashed buckets: the cell of each bucket, in bucket order.</param>
/// <param name="VirtualNodes">For consistent hashing: virtual nodes per Active cell.</param>
/// <param name="Ranges">For key ranges: ranges sorted by start; the first starts at "".</param>
public sealed record FallbackSpec(
    FallbackKind Kind,
    IReadOnlyList<string>? Buckets = null,
    int? VirtualNodes = null,
    IReadOnlyList<KeyRangeSpec>? Ranges = null)
{
    /// <summary>The default: unknown keys are refused.</summary>
    public static FallbackSpec Reject { get; } = new(FallbackKind.Reject);
}

/// <summary>Keys ordinally ≥ <see cref="Start"/> (and below the next range's start) go to <see cref="Cell"/>.</summary>
public sealed record KeyRangeSpec(string Start, string Cell);
