using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store;

/// <summary>Everything a routing table is built from, read in one consistent transaction.</summary>
/// <param name="Version">The table version these rows belong to.</param>
/// <param name="ChangedAt">When that version was committed.</param>
/// <param name="Cells">Every cell that is not retired, ordered by id.</param>
/// <param name="Tenants">Every tenant, ordered by id.</param>
/// <param name="StoreId">The identity of the store these rows come from.</param>
internal sealed record TableState(long Version, DateTimeOffset ChangedAt, IReadOnlyList<Cell> Cells, IReadOnlyList<Tenant> Tenants, string StoreId);
