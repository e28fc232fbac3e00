using System.IO.Hashing;
using System.Runtime.InteropServices;
using Cellular.Core.Routing.Internal;

namespace Cellular.Core.Tests.Routing.Internal;

/// <summary>Every key gets the same hash: same home slot, same tag, so every probe reads the arena.</summary>
internal readonly struct ConstantHasher : ITenantKeyHasher
{
    public ulong Hash(ReadOnlySpan<char> key) => 0x9E37_79B9_7F4A_7C15;
}

/// <summary>Every key starts at the last slot (so probing wraps) but keys keep distinct tags.</summary>
internal readonly struct LastSlotHasher : ITenantKeyHasher
{
    public ulong Hash(ReadOnlySpan<char> key) => (XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key)) & 0xFFFF_FFFF_0000_0000) | 0xFFFF_FFFF;
}
