using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Cellular.Core.Routing.Internal;

/// <summary>
/// XxHash3 over the key's UTF-16 bytes with a per-table seed. It only places keys inside one
/// table, so unlike <see cref="StableHash"/> it may differ between tables and processes; the
/// random seed keeps crafted tenant ids from piling up on one probe run.
/// </summary>
internal readonly struct TenantKeyHasher(long seed) : ITenantKeyHasher
{
    /// <summary>A hasher with a fresh random seed.</summary>
    public static TenantKeyHasher CreateRandom() => new(Random.Shared.NextInt64());

    /// <inheritdoc />
    public ulong Hash(ReadOnlySpan<char> key) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key), seed);
}
