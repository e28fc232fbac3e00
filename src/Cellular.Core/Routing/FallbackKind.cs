using System.Text.Json.Serialization;

namespace Cellular.Core.Routing;

/// <summary>What the router does with a key that has no pin and no explicit assignment.</summary>
public enum FallbackKind
{
    /// <summary>Unknown keys are refused with 404.</summary>
    [JsonStringEnumMemberName("reject")]
    Reject,

    /// <summary>Key → one of B fixed buckets by <see cref="StableHash"/>, buckets → cells by an explicit table.</summary>
    [JsonStringEnumMemberName("hashed-buckets")]
    HashedBuckets,

    /// <summary>Consistent hashing with virtual nodes over the Active cells.</summary>
    [JsonStringEnumMemberName("consistent-hash")]
    ConsistentHash,

    /// <summary>Sorted key ranges, each owned by one cell.</summary>
    [JsonStringEnumMemberName("key-ranges")]
    KeyRanges,
}
