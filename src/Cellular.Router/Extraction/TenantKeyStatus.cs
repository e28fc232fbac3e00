namespace Cellular.Router.Extraction;

/// <summary>Outcome of looking for a tenant key in a request.</summary>
internal enum TenantKeyStatus
{
    /// <summary>No configured source carried a key.</summary>
    Missing,

    /// <summary>A valid key was found.</summary>
    Found,

    /// <summary>A source carried a key that is not a valid tenant id.</summary>
    Invalid,

    /// <summary>The header source carried more than one value.</summary>
    Ambiguous,
}
