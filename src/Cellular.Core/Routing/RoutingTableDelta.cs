namespace Cellular.Core.Routing;

/// <summary>
/// The changes from one routing-table version to a later one: what a router that already holds
/// <see cref="BaseVersion"/> needs to reach <see cref="Version"/> without downloading every tenant
/// again. Cells and the fallback are small and always sent whole; tenants are sent only when
/// they changed.
/// </summary>
/// <param name="Format">Always <see cref="CurrentFormat"/>; a reader refuses anything else.</param>
/// <param name="BaseVersion">The version the changes apply to; a router holding any other version cannot use them.</param>
/// <param name="Version">The version the router holds after applying them.</param>
/// <param name="GeneratedAt">When the control plane committed <see cref="Version"/>.</param>
/// <param name="Fallback">The fallback of <see cref="Version"/>.</param>
/// <param name="Cells">Every cell of <see cref="Version"/>.</param>
/// <param name="Upserts">Tenants added or changed since <see cref="BaseVersion"/>, with their whole new entry.</param>
/// <param name="Removals">Tenants deleted since <see cref="BaseVersion"/>.</param>
/// <param name="StoreId">The store that made it (see <see cref="RoutingTableSnapshot.StoreId"/>).</param>
public sealed record RoutingTableDelta(
    string Format,
    long BaseVersion,
    long Version,
    DateTimeOffset GeneratedAt,
    FallbackSpec Fallback,
    IReadOnlyList<CellRouteSpec> Cells,
    IReadOnlyList<TenantRouteSpec> Upserts,
    IReadOnlyList<string> Removals,
    string? StoreId = null)
{
    /// <summary>The format name written by this version of Cellular.</summary>
    public const string CurrentFormat = "cellular.routing-table-delta/v1";
}
