namespace Cellular.Core.Routing;

/// <summary>The rule of the routing table that decided where a key goes.</summary>
public enum RouteRule : byte
{
    /// <summary>No rule matched (reject fallback): the key is unknown.</summary>
    None,

    /// <summary>An operator pin (override) decided.</summary>
    Pin,

    /// <summary>The tenant's explicit placement decided.</summary>
    Assignment,

    /// <summary>The hashed-bucket fallback decided.</summary>
    HashedBucket,

    /// <summary>The consistent-hashing fallback decided.</summary>
    ConsistentHash,

    /// <summary>The key-range fallback decided.</summary>
    KeyRange,
}
