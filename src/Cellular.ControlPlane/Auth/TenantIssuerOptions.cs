namespace Cellular.ControlPlane.Auth;

/// <summary>The control plane's local tenant-token issuer (<c>Cellular:ControlPlane:Auth:TenantIssuer</c>).</summary>
public sealed class TenantIssuerOptions
{
    /// <summary>Whether <c>POST /api/v1/auth/tenant-tokens</c> issues tokens.</summary>
    /// <value>Default false.</value>
    public bool Enabled { get; set; }

    /// <summary>The <c>iss</c> of issued tokens.</summary>
    /// <value>Default <c>cellular-local</c>.</value>
    public string Issuer { get; set; } = "cellular-local";

    /// <summary>The <c>aud</c> of issued tokens.</summary>
    /// <value>Default <c>cellular-router</c>.</value>
    public string Audience { get; set; } = "cellular-router";
}
