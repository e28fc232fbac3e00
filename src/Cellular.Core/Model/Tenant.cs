namespace Cellular.Core.Model;

/// <summary>A tenant: the partition key, living in exactly one cell at a time.</summary>
/// <param name="Id">Tenant id, see <see cref="Ids.IsValidTenantId"/>.</param>
/// <param name="Weight">Weight units the tenant consumes of its cell's capacity.</param>
/// <param name="Cell">The cell that owns the tenant's data.</param>
/// <param name="Pinned">True when an operator pinned the tenant to its cell (an override).</param>
/// <param name="Epoch">Ownership counter, bumped on every move.</param>
public sealed record Tenant(string Id, int Weight, string Cell, bool Pinned, long Epoch);
