namespace Cellular.Cli.Local;

/// <summary>How the local stack's router learns who a tenant is (<c>cellctl up --tenant-auth</c>).</summary>
public enum LocalTenantAuth
{
    /// <summary>The router trusts the tenant key the client sends (header or path).</summary>
    None,

    /// <summary>
    /// The router wants a tenant JWT (<c>Authorization: Bearer …</c>) signed by the control plane's
    /// local tenant issuer (<c>cellctl tokens issue --tenant T</c>).
    /// </summary>
    Jwt,
}
