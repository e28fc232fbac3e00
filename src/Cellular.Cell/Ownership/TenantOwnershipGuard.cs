using Cellular.Cell.Tenancy;

namespace Cellular.Cell.Ownership;

/// <summary>
/// The check every write of a tenant makes inside its transaction, with the ownership record read
/// in that same transaction. It is what guarantees that nothing is acknowledged after a fence:
/// the SDK's request-path check uses a cache and only saves the work of refused requests.
/// </summary>
public static class TenantOwnershipGuard
{
    /// <summary>Refuses the request's tenant unless this cell serves it at the request's epoch.</summary>
    /// <param name="tenant">The request's tenant (<c>HttpContext.GetTenantContext()</c>); must be valid.</param>
    /// <param name="recorded">The tenant's record, read in the write's transaction; null when it has none.</param>
    /// <exception cref="TenantMisdirectedException">The cell does not serve the tenant; roll back.</exception>
    public static void EnsureOwned(ITenantContext tenant, TenantOwnership? recorded)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!tenant.IsValid)
        {
            throw new InvalidOperationException($"The request has no valid tenant ({tenant.Error}) Add RequireTenant() to the endpoint.");
        }

        EnsureOwned(tenant.TenantId, tenant.Epoch, recorded);
    }

    /// <summary>Refuses <paramref name="tenant"/> unless this cell serves it at <paramref name="epoch"/> (null = not checked).</summary>
    /// <exception cref="TenantMisdirectedException">The cell does not serve the tenant; roll back.</exception>
    public static void EnsureOwned(string tenant, long? epoch, TenantOwnership? recorded)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var ownership = recorded ?? TenantOwnership.Unrecorded;
        if (TenantOwnershipRules.Refusal(tenant, ownership, epoch) is { } reason)
        {
            throw new TenantMisdirectedException(tenant, ownership, reason);
        }
    }
}
