namespace Cellular.Router.Security;

/// <summary>The outcome of tenant authentication: the status, the token's tenant when valid, or why not.</summary>
internal readonly record struct TenantAuthResult(TenantAuthStatus Status, string? Tenant, string? Error)
{
    public static TenantAuthResult Valid(string tenant) => new(TenantAuthStatus.Valid, tenant, null);

    public static TenantAuthResult Invalid(string error) => new(TenantAuthStatus.Invalid, null, error);
}
