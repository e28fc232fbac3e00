using Cellular.Core.Routing;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Parses the fallback strategies the control plane can publish from configuration text.</summary>
internal static class FallbackKinds
{
    public const string Supported = "reject, hashed-buckets or consistent-hash";

    public static bool TryParse(string? value, out FallbackKind kind)
    {
        kind = (value ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "reject" => FallbackKind.Reject,
            "hashed-buckets" or "hashedbuckets" => FallbackKind.HashedBuckets,
            "consistent-hash" or "consistenthash" => FallbackKind.ConsistentHash,
            _ => (FallbackKind)(-1),
        };
        return Enum.IsDefined(kind);
    }
}
