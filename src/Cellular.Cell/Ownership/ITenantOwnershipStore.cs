namespace Cellular.Cell.Ownership;

/// <summary>
/// Implemented by the app over the same store as its tenant data, so that fencing is exact: the
/// SDK changes a tenant's <see cref="TenantOwnership"/> through <see cref="UpdateAsync"/>, and each
/// of the app's writes reads the record inside its own write transaction and calls
/// <see cref="TenantOwnershipGuard.EnsureOwned(Cellular.Cell.Tenancy.ITenantContext, TenantOwnership?)"/>
/// before changing anything. Because both are transactions of one store, a write either commits
/// before the fence (and is covered by the fence's position) or sees the fence and is refused with 421.
/// Register it with <c>AddCellular().AddTenantOwnershipStore&lt;T&gt;()</c>.
/// </summary>
public interface ITenantOwnershipStore
{
    /// <summary>The tenant's record, or null when it has none (it is then served here at epoch 0).</summary>
    Task<TenantOwnership?> GetAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the record (<see cref="TenantOwnership.Unrecorded"/> when there is none), passes it to
    /// <paramref name="change"/> and stores the result, all in one transaction that is serialized
    /// with the app's writes to the tenant (e.g. SQLite <c>BEGIN IMMEDIATE</c>, or
    /// <c>SELECT … FOR UPDATE</c> on PostgreSQL). When <paramref name="change"/> throws, nothing is
    /// stored and the exception propagates.
    /// </summary>
    /// <returns>The stored record.</returns>
    Task<TenantOwnership> UpdateAsync(string tenant, Func<TenantOwnership, TenantOwnership> change, CancellationToken cancellationToken);
}
