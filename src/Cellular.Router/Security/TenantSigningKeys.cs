using System.Collections.Frozen;
using Microsoft.IdentityModel.Tokens;

namespace Cellular.Router.Security;

/// <summary>One loaded JSON Web Key Set: the signing keys and their ids, swapped as a whole.</summary>
internal sealed class TenantSigningKeys
{
    /// <summary>Creates the set.</summary>
    public TenantSigningKeys(IReadOnlyList<SecurityKey> keys, long version)
    {
        Keys = keys;
        Version = version;
        KeyIds = keys.Select(k => k.KeyId).Where(k => !string.IsNullOrEmpty(k)).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The signing keys.</summary>
    public IReadOnlyList<SecurityKey> Keys { get; }

    /// <summary>The <c>kid</c>s of <see cref="Keys"/>.</summary>
    public FrozenSet<string> KeyIds { get; }

    /// <summary>Counts loads that changed the keys; the token cache belongs to one version.</summary>
    public long Version { get; }
}
