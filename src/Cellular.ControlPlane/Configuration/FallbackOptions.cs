using Cellular.Core.Routing.Fallbacks;

namespace Cellular.ControlPlane.Configuration;

/// <summary>
/// What routers do with a tenant key that has no assignment. Kept as a string so that the
/// wire names (<c>hashed-buckets</c>) work in configuration, where enum binding would not.
/// </summary>
public sealed class FallbackOptions
{
    /// <summary><c>reject</c>, <c>hashed-buckets</c> or <c>consistent-hash</c>.</summary>
    /// <value>Default <c>reject</c>.</value>
    public string Kind { get; set; } = "reject";

    /// <summary>Bucket count of the <c>hashed-buckets</c> strategy.</summary>
    /// <value>Default 1024.</value>
    public int Buckets { get; set; } = 1024;

    /// <summary>Virtual nodes per Active cell of the <c>consistent-hash</c> strategy.</summary>
    /// <value>Default 1024.</value>
    public int VirtualNodes { get; set; } = ConsistentHashFallback.DefaultVirtualNodes;
}
