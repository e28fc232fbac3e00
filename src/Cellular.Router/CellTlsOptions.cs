namespace Cellular.Router;

/// <summary>
/// Mutual TLS between the router and cells (optional), bound from <c>Cellular:Router:CellTls</c>:
/// the client certificate the router presents to <c>https</c> cell endpoints, and the CA their
/// certificates must chain to. The files are read again when they change (certificate rotation
/// without a restart); connections made after that use the new files.
/// </summary>
public sealed class CellTlsOptions
{
    /// <summary>PEM certificate the router presents to cells.</summary>
    /// <value>Defaults to none (no client certificate).</value>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>.</summary>
    /// <value>Defaults to none; required with a client certificate.</value>
    public string? ClientKeyFile { get; set; }

    /// <summary>PEM CA certificate(s) a cell's certificate must chain to, instead of the system's trust store.</summary>
    /// <value>Defaults to none (the system's trust store).</value>
    public string? CaCertificateFile { get; set; }
}
