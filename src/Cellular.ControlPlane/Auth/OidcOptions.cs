namespace Cellular.ControlPlane.Auth;

/// <summary>OIDC JWT bearer tokens accepted by the API (<c>Cellular:ControlPlane:Auth:Oidc</c>).</summary>
public sealed class OidcOptions
{
    /// <summary>The issuer (<c>iss</c>) tokens must have; setting it turns OIDC on.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) tokens must have.</summary>
    public string? Audience { get; set; }

    /// <summary>Where the signing keys are fetched (a JWKS document); or set <see cref="Authority"/>.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The authority whose OpenID configuration names the keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The claim holding the role (<c>ReadOnly</c>, <c>CellOperator</c>, <c>Admin</c>, <c>Router</c>).</summary>
    /// <value>Default <c>role</c>.</value>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The claim naming the principal (the audit's actor).</summary>
    /// <value>Default <c>sub</c>.</value>
    public string NameClaim { get; set; } = "sub";

    /// <summary>Whether OIDC is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer);
}
