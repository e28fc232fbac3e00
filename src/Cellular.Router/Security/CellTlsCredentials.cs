using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Security;

/// <summary>
/// The router's TLS material for cells (<see cref="CellTlsOptions"/>): its client certificate and
/// the CA cell certificates must chain to, re-read when the files change (see <see cref="CellTlsMaterial"/>).
/// </summary>
internal sealed class CellTlsCredentials : IDisposable
{
    private readonly CellTlsMaterial _material;

    /// <summary>Creates the credentials; nothing is read yet.</summary>
    public CellTlsCredentials(IOptions<RouterOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = options.Value.CellTls ?? new CellTlsOptions();
        _material = new CellTlsMaterial(tls.ClientCertificateFile, tls.ClientKeyFile, tls.CaCertificateFile, time);
    }

    /// <summary>Why the files could not be loaded last time, if they could not.</summary>
    public string? LastError => _material.LastError;

    /// <summary>True when any TLS setting is configured.</summary>
    public bool Enabled => _material.Enabled;

    /// <summary>The SSL options for the handler of every cell connection.</summary>
    public SslClientAuthenticationOptions CreateSslOptions() => _material.CreateSslOptions();

    /// <summary>The client certificate in use (reloaded if its files changed).</summary>
    public X509Certificate2? ClientCertificate() => _material.ClientCertificate();

    /// <summary>Checks a cell's certificate: against the configured CA when there is one, otherwise the system's trust.</summary>
    public bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        _material.ValidateServer(sender, certificate, chain, errors);

    /// <summary>Reads the files again when their write times or sizes changed.</summary>
    public void Refresh() => _material.Refresh();

    /// <inheritdoc />
    public void Dispose() => _material.Dispose();
}
