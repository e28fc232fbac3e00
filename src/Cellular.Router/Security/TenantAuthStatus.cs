namespace Cellular.Router.Security;

/// <summary>What tenant authentication made of a request.</summary>
internal enum TenantAuthStatus
{
    /// <summary>A valid token; the tenant is known.</summary>
    Valid,

    /// <summary>No bearer token: 401.</summary>
    Missing,

    /// <summary>A token that is not valid (signature, algorithm, issuer, audience, lifetime, key, claim): 401.</summary>
    Invalid,

    /// <summary>The issuer's keys were never loaded, so no token can be checked: 503.</summary>
    NoKeys,
}
