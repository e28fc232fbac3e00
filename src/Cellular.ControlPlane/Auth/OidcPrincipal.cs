using System.Security.Claims;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// Names OIDC principals <c>oidc:{name}</c> (audit actor, whoami), so an OIDC subject can never pass
/// for an API key of the same name (API-key names cannot contain <c>:</c>).
/// </summary>
internal static class OidcPrincipal
{
    /// <summary>What every OIDC principal's name starts with.</summary>
    public const string Prefix = "oidc:";

    /// <summary>The claim type that carries the prefixed name.</summary>
    public const string NameClaim = "cellular_principal";

    /// <summary>A principal like <paramref name="principal"/> whose name is <c>oidc:</c> + its name claim.</summary>
    public static ClaimsPrincipal WithPrefixedName(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var source = principal.Identities.First(i => !string.IsNullOrWhiteSpace(i.Name));
        var claims = source.Claims.Where(c => c.Type != NameClaim).Append(new Claim(NameClaim, Prefix + source.Name));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, source.AuthenticationType, NameClaim, source.RoleClaimType));
    }
}
