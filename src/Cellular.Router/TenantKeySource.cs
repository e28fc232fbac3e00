namespace Cellular.Router;

/// <summary>Where the router looks for the tenant key of a request.</summary>
public enum TenantKeySource
{
    /// <summary>The <c>X-Tenant-Id</c> request header.</summary>
    Header,

    /// <summary>A <c>/t/{tenant}/</c> path prefix, which is removed before forwarding.</summary>
    Path,

    /// <summary>The sub-domain of <c>{tenant}.{Domain}</c>; needs <see cref="RouterOptions.Domain"/>.</summary>
    Subdomain,

    /// <summary>
    /// The tenant claim of the request's verified token (<see cref="TenantAuthOptions"/>), used
    /// when no other source carries a key. Not a configurable source.
    /// </summary>
    Token,
}
