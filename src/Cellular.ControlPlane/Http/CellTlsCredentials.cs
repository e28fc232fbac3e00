using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Cellular.ControlPlane.Configuration;
using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Http;

/// <summary>
/// The control plane's TLS material for cells (<see cref="CellTlsOptions"/>, see
/// <see cref="CellTlsMaterial"/>), logging each reload.
/// </summary>
internal sealed partial class CellTlsCredentials : IDisposable
{
    private readonly CellTlsMaterial _material;
    private readonly ILogger<CellTlsCredentials> _logger;

    /// <summary>Creates the credentials; nothing is read yet.</summary>
    public CellTlsCredentials(IOptions<CellTlsOptions> options, TimeProvider time, ILogger<CellTlsCredentials> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tls = options.Value;
        _material = new CellTlsMaterial(tls.ClientCertificateFile, tls.ClientKeyFile, tls.CaCertificateFile, time);
        _logger = logger;
    }

    /// <summary>Why the files could not be loaded last time, if they could not.</summary>
    public string? LastError => _material.LastError;

    /// <summary>True when any cell TLS setting is configured.</summary>
    public bool Enabled => _material.Enabled;

    /// <summary>The primary handler of a cell client: the default one, or one presenting the client certificate and trusting the CA.</summary>
    public HttpMessageHandler CreateHandler() => Enabled
        ? new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate()!,
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    Refresh();
                    return _material.ValidateServer(sender, certificate, chain, errors);
                },
            },
        }
        : new HttpClientHandler();

    /// <summary>The client certificate in use (reloaded if its files changed).</summary>
    public X509Certificate2? ClientCertificate()
    {
        Refresh();
        return _material.ClientCertificate();
    }

    /// <summary>Reads the files again when they changed, and logs how it went.</summary>
    public void Refresh()
    {
        switch (_material.Refresh())
        {
            case CellTlsReload.Loaded:
                Log.Loaded(_logger, _material.ClientSubject, _material.RootCount);
                break;
            case CellTlsReload.Failed:
                Log.LoadFailed(_logger, _material.LastError ?? "unknown");
                break;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _material.Dispose();

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.CellTlsLoaded, LogLevel.Information, "Cell TLS files loaded: client certificate {subject}, {roots} CA certificate(s)")]
        public static partial void Loaded(ILogger logger, string subject, int roots);

        [LoggerMessage(Logging.EventIds.CellTlsLoadFailed, LogLevel.Warning, "Cell TLS files could not be loaded; keeping the last good ones: {reason}")]
        public static partial void LoadFailed(ILogger logger, string reason);
    }
}
