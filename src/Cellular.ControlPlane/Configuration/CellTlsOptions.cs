namespace Cellular.ControlPlane.Configuration;

/// <summary>
/// TLS for the control plane's own calls to cells (section <c>Cellular:ControlPlane:CellTls</c>):
/// the client certificate it presents to <c>https</c> cell endpoints that require one (mutual TLS),
/// and the CA their certificates must chain to. Used by every cell client (health monitor, probe,
/// migrations, faults). The files are read again when they change, so a rotated certificate is
/// used by the next connection without a restart. None set: nothing changes.
/// </summary>
public sealed class CellTlsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:CellTls";

    /// <summary>PEM certificate the control plane presents to cells.</summary>
    /// <value>Default none (no client certificate).</value>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>.</summary>
    /// <value>Default none; required with a client certificate.</value>
    public string? ClientKeyFile { get; set; }

    /// <summary>PEM CA certificate(s) a cell's certificate must chain to, instead of the system's trust store.</summary>
    /// <value>Default none (the system's trust store).</value>
    public string? CaCertificateFile { get; set; }

    /// <summary>Whether any setting is given.</summary>
    public bool Enabled => ClientCertificateFile is not null || ClientKeyFile is not null || CaCertificateFile is not null;
}
