namespace Cellular.Core.Routing.Internal;

/// <summary>
/// The hash a <see cref="CompactTenantMap{THasher}"/> places keys with. A struct constraint lets
/// the JIT inline it into the lookup; tests substitute degenerate hashers to force collisions.
/// </summary>
internal interface ITenantKeyHasher
{
    /// <summary>Hashes the UTF-16 form of <paramref name="key"/>; must not allocate.</summary>
    ulong Hash(ReadOnlySpan<char> key);
}
