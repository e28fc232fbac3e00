namespace Cellular.Router;

/// <summary>Whether the router verifies who a request is from.</summary>
public enum TenantAuthMode
{
    /// <summary>No verification: the tenant key the client sends is trusted (the plain local stack).</summary>
    None,

    /// <summary>Every tenant request needs a valid JWT bearer token; the tenant comes from its claim.</summary>
    Jwt,
}
