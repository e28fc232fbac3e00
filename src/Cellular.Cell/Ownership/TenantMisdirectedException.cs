namespace Cellular.Cell.Ownership;

/// <summary>
/// This cell does not serve the tenant (fenced, moved away, or the request's epoch is stale).
/// Thrown by <see cref="TenantOwnershipGuard"/> inside the app's write transaction, which it
/// aborts; the SDK answers the request with 421 Misdirected Request.
/// </summary>
public sealed class TenantMisdirectedException : Exception
{
    /// <summary>Creates the exception for <paramref name="tenant"/> with the record that refused it.</summary>
    public TenantMisdirectedException(string tenant, TenantOwnership ownership, string message)
        : base(message)
    {
        Tenant = tenant;
        Ownership = ownership;
    }

    /// <summary>The refused tenant.</summary>
    public string Tenant { get; }

    /// <summary>The tenant's record in this cell.</summary>
    public TenantOwnership Ownership { get; }
}
