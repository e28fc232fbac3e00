using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cellular.ControlPlane.Configuration;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Http;

/// <summary>
/// The control plane's TLS material for cells (<see cref="CellTlsOptions"/>): its client certificate
/// and the CA cell certificates must chain to. Read on first use and again when a file's write time
/// or size changes (checked at most once a second, at TLS handshakes only), so a rotated certificate
/// is used by the next connection without a restart. Files that cannot be read keep what was loaded
/// before.
/// </summary>
internal sealed partial class CellTlsCredentials : IDisposable
{
    private static readonly TimeSpan _checkInterval = TimeSpan.FromSeconds(1);

    private readonly CellTlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CellTlsCredentials> _logger;
    private readonly Lock _lock = new();
    private long _lastCheck = long.MinValue;
    private string _stamp = "";
    private X509Certificate2? _client;
    private X509Certificate2Collection? _roots;

    /// <summary>Creates the credentials; nothing is read yet.</summary>
    public CellTlsCredentials(IOptions<CellTlsOptions> options, TimeProvider time, ILogger<CellTlsCredentials> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Why the files could not be loaded last time, if they could not.</summary>
    public string? LastError { get; private set; }

    /// <summary>True when any cell TLS setting is configured.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>The primary handler of a cell client: the default one, or one presenting the client certificate and trusting the CA.</summary>
    public HttpMessageHandler CreateHandler() => Enabled
        ? new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate()!,
                RemoteCertificateValidationCallback = ValidateServer,
            },
        }
        : new HttpClientHandler();

    /// <summary>The client certificate in use (reloaded if its files changed).</summary>
    public X509Certificate2? ClientCertificate()
    {
        Refresh();
        return Volatile.Read(ref _client);
    }

    /// <summary>Checks a cell's certificate: against the configured CA when there is one, otherwise the system's trust.</summary>
    public bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Refresh();
        var roots = Volatile.Read(ref _roots);
        if (roots is null)
        {
            return errors == SslPolicyErrors.None;
        }

        // The name must match whatever the CA; only the chain is judged against our own roots.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    /// <summary>Reads the files again when their write times or sizes changed.</summary>
    public void Refresh()
    {
        if (!Enabled)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastCheck);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < _checkInterval)
        {
            return;
        }

        lock (_lock)
        {
            Interlocked.Exchange(ref _lastCheck, now);
            var stamp = Stamp(_options.ClientCertificateFile) + "|" + Stamp(_options.ClientKeyFile) + "|" + Stamp(_options.CaCertificateFile);
            if (stamp == _stamp)
            {
                return;
            }

            try
            {
                Load();

                // Only a complete load counts; a half-written file is tried again next time.
                _stamp = stamp;
                LastError = null;
                Log.Loaded(_logger, Volatile.Read(ref _client)?.Subject ?? "none", Volatile.Read(ref _roots)?.Count ?? 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                LastError = e.Message;
                Log.LoadFailed(_logger, e.Message);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Volatile.Read(ref _client)?.Dispose();

    private void Load()
    {
        if (_options.ClientCertificateFile is { } certFile)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, _options.ClientKeyFile);

            // Through PKCS#12 so the key is usable by SslStream on every platform.
            Volatile.Write(ref _client, X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
        }

        if (_options.CaCertificateFile is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            Volatile.Write(ref _roots, roots);
        }
    }

    private static string Stamp(string? file)
    {
        if (file is null)
        {
            return "-";
        }

        var info = new FileInfo(file);
        return info.Exists ? $"{info.LastWriteTimeUtc.Ticks}:{info.Length}" : "missing";
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.CellTlsLoaded, LogLevel.Information, "Cell TLS files loaded: client certificate {subject}, {roots} CA certificate(s)")]
        public static partial void Loaded(ILogger logger, string subject, int roots);

        [LoggerMessage(Logging.EventIds.CellTlsLoadFailed, LogLevel.Warning, "Cell TLS files could not be loaded; keeping the last good ones: {reason}")]
        public static partial void LoadFailed(ILogger logger, string reason);
    }
}
