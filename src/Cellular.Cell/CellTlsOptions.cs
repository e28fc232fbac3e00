namespace Cellular.Cell;

/// <summary>
/// Optional TLS for the cell's HTTPS endpoints (an <c>https://</c> URL in <c>--urls</c>), with
/// client certificates: the server certificate and key come from PEM files, callers must present a
/// certificate issued by <see cref="ClientCaFile"/>. The files are read again when they change, so
/// certificates rotate without a restart. Bound from <c>Cellular:Cell:Tls</c> and validated at start-up.
/// </summary>
public sealed class CellTlsOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Cellular:Cell:Tls";

    /// <summary>PEM file of the server certificate (with its chain after it, if any). Unset = the SDK configures no TLS.</summary>
    /// <value>Default: none.</value>
    public string? CertificateFile { get; set; }

    /// <summary>PEM file of the server certificate's private key; required with <see cref="CertificateFile"/>.</summary>
    /// <value>Default: none.</value>
    public string? KeyFile { get; set; }

    /// <summary>
    /// PEM file of the certificate authority (or authorities) whose client certificates are accepted.
    /// When set, every TLS connection must present a certificate that chains to it (mutual TLS).
    /// </summary>
    /// <value>Default: none (no client certificate asked for).</value>
    public string? ClientCaFile { get; set; }

    /// <summary>How often, at most, a new connection checks whether the files changed.</summary>
    /// <value>Default 1 second; 0 checks on every connection.</value>
    public TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}
