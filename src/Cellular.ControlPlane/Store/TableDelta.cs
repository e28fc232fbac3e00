using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store;

/// <summary>What changed in the routing table after a version, read in one consistent transaction.</summary>
/// <param name="Version">The newest table version.</param>
/// <param name="ChangedAt">When that version was committed.</param>
/// <param name="Cells">Every cell that is not retired, ordered by id (always whole: it is small).</param>
/// <param name="Upserts">Tenants added or changed, with their current rows, ordered by id.</param>
/// <param name="Removals">Tenants deleted, ordered by id.</param>
/// <param name="StoreId">The identity of the store these rows come from.</param>
internal sealed record TableDelta(
    long Version,
    DateTimeOffset ChangedAt,
    IReadOnlyList<Cell> Cells,
    IReadOnlyList<Tenant> Upserts,
    IReadOnlyList<string> Removals,
    string StoreId);
