using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cellular.Core.Security;

/// <summary>
/// A client's TLS material for calling cells (router and control plane alike): its client
/// certificate and the CA cell certificates must chain to, from PEM files. Read on first use and
/// again when a file's write time or size changes (checked at most once a second, at TLS handshakes
/// only, never per request), so a rotated certificate is used by the next connection without a
/// restart. Files that cannot be read keep what was loaded before.
/// </summary>
public sealed class CellTlsMaterial : IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string? _clientCertificateFile;
    private readonly string? _clientKeyFile;
    private readonly string? _caCertificateFile;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private long _lastCheck = long.MinValue;
    private string _stamp = "";
    private X509Certificate2? _client;
    private X509Certificate2Collection? _roots;

    /// <summary>Creates the material from its files (any may be null); nothing is read yet.</summary>
    public CellTlsMaterial(string? clientCertificateFile, string? clientKeyFile, string? caCertificateFile, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _clientCertificateFile = string.IsNullOrWhiteSpace(clientCertificateFile) ? null : clientCertificateFile;
        _clientKeyFile = string.IsNullOrWhiteSpace(clientKeyFile) ? null : clientKeyFile;
        _caCertificateFile = string.IsNullOrWhiteSpace(caCertificateFile) ? null : caCertificateFile;
        _time = time;
    }

    /// <summary>Why the files could not be loaded last time, if they could not.</summary>
    public string? LastError { get; private set; }

    /// <summary>True when a client certificate or a CA is configured.</summary>
    public bool Enabled => _clientCertificateFile is not null || _caCertificateFile is not null;

    /// <summary>The subject of the client certificate in use, for logs.</summary>
    public string ClientSubject => Volatile.Read(ref _client)?.Subject ?? "none";

    /// <summary>How many CA certificates are trusted, for logs.</summary>
    public int RootCount => Volatile.Read(ref _roots)?.Count ?? 0;

    /// <summary>The SSL options of every connection to a cell: present the client certificate, trust the CA.</summary>
    public SslClientAuthenticationOptions CreateSslOptions() => new()
    {
        LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate()!,
        RemoteCertificateValidationCallback = ValidateServer,
    };

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

    /// <summary>Reads the files again when their write times or sizes changed; says whether it did and how it went.</summary>
    public CellTlsReload Refresh()
    {
        if (!Enabled)
        {
            return CellTlsReload.None;
        }

        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastCheck);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < CheckInterval)
        {
            return CellTlsReload.None;
        }

        lock (_lock)
        {
            Interlocked.Exchange(ref _lastCheck, now);
            var stamp = Stamp(_clientCertificateFile) + "|" + Stamp(_clientKeyFile) + "|" + Stamp(_caCertificateFile);
            if (stamp == _stamp)
            {
                return CellTlsReload.None;
            }

            try
            {
                Load();

                // Only a complete load counts; a half-written file is tried again next time.
                _stamp = stamp;
                LastError = null;
                return CellTlsReload.Loaded;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                LastError = e.Message;
                return CellTlsReload.Failed;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Volatile.Read(ref _client)?.Dispose();

    private void Load()
    {
        if (_clientCertificateFile is { } certFile)
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, _clientKeyFile);

            // Through PKCS#12 so the key is usable by SslStream on every platform.
            Volatile.Write(ref _client, X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null));
        }

        if (_caCertificateFile is { } caFile)
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

}

/// <summary>What <see cref="CellTlsMaterial.Refresh"/> did.</summary>
public enum CellTlsReload
{
    /// <summary>Nothing: too soon since the last check, or the files did not change.</summary>
    None,

    /// <summary>The files changed and were loaded.</summary>
    Loaded,

    /// <summary>The files changed but could not be loaded; the last good material stays.</summary>
    Failed,
}
