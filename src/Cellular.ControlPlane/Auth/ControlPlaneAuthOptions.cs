namespace Cellular.ControlPlane.Auth;

/// <summary>
/// How callers of the control-plane API authenticate and how cells are given their secrets
/// (section <c>Cellular:ControlPlane:Auth</c>).
/// </summary>
public sealed class ControlPlaneAuthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Auth";

    /// <summary>The file of the 32-byte master key every cell secret derives from; made (mode 0600) on first start.</summary>
    /// <value>Default <c>{DataDir}/master.key</c>.</value>
    public string? MasterKeyFile { get; set; }

    /// <summary>API keys made at start-up when no key of their name exists; each token is written to its file (mode 0600).</summary>
    /// <value>Default none; <c>cellctl up</c> passes <c>admin</c> and <c>router</c>.</value>
    public List<BootstrapKeyOptions> Bootstrap { get; set; } = [];

    /// <summary>OIDC JWT bearer authentication; off unless <see cref="OidcOptions.Issuer"/> is set.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Most <c>auth.denied</c> audit entries written per minute; the rest are counted and the count carried by the next entry.</summary>
    /// <value>Default 60.</value>
    public int DeniedAuditPerMinute { get; set; } = 60;

    /// <summary>The local tenant-token issuer for trying a router with JWT tenant authentication.</summary>
    public TenantIssuerOptions TenantIssuer { get; set; } = new();
}
