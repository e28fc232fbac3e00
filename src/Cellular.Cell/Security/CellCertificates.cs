using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Security;

/// <summary>
/// The cell's TLS material from <see cref="CellTlsOptions"/>: the server certificate and the client
/// CA, read again when their files change (checked at most every <see cref="CellTlsOptions.ReloadCheckInterval"/>,
/// on a new connection). A file that cannot be read keeps the last good material.
/// </summary>
internal sealed partial class CellCertificates(IOptions<CellTlsOptions> options, TimeProvider timeProvider, ILogger<CellCertificates> logger)
{
    private readonly CellTlsOptions _options = options.Value;
    private readonly Lock _lock = new();
    private Material? _current;
    private long _checkedAt;

    /// <summary>True when the SDK is to configure TLS.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(_options.CertificateFile);

    /// <summary>True when callers must present a certificate issued by the client CA.</summary>
    public bool RequiresClientCertificate => !string.IsNullOrWhiteSpace(_options.ClientCaFile);

    public X509Certificate2 ServerCertificate => Current().Server;

    /// <summary>The Client Authentication extended key usage (id-kp-clientAuth).</summary>
    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// True when <paramref name="certificate"/> chains to the client CA (no revocation check) and,
    /// when it has an extended key usage extension, that extension allows Client Authentication
    /// (so a server certificate from the same CA is not taken as a client's).
    /// </summary>
    public bool IsTrustedClient(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        if (!AllowsClientAuthentication(certificate))
        {
            LogClientNotForClients(logger, certificate.Subject);
            return false;
        }

        var material = Current();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(material.ClientCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = timeProvider.GetUtcNow().UtcDateTime;
        var trusted = chain.Build(certificate);
        if (!trusted)
        {
            LogClientRefused(logger, certificate.Subject);
        }

        return trusted;
    }

    private static bool AllowsClientAuthentication(X509Certificate2 certificate)
    {
        var found = false;
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509EnhancedKeyUsageExtension usage)
            {
                continue;
            }

            found = true;
            foreach (var oid in usage.EnhancedKeyUsages)
            {
                if (oid.Value == ClientAuthenticationOid)
                {
                    return true;
                }
            }
        }

        return !found;
    }

    private Material Current()
    {
        var now = timeProvider.GetTimestamp();
        var current = Volatile.Read(ref _current);
        if (current is not null && timeProvider.GetElapsedTime(Volatile.Read(ref _checkedAt), now) < _options.ReloadCheckInterval)
        {
            return current;
        }

        lock (_lock)
        {
            Volatile.Write(ref _checkedAt, now);
            var stamp = Stamp();
            if (_current is not null && _current.Stamp == stamp)
            {
                return _current;
            }

            try
            {
                var loaded = Load(stamp);
                if (_current is not null)
                {
                    LogReloaded(logger, loaded.Server.Subject, loaded.Server.NotAfter);
                }

                Volatile.Write(ref _current, loaded);
                return loaded;
            }
            catch (Exception e) when (_current is not null && e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
            {
                LogReloadFailed(logger, e.GetType().Name);
                return _current;
            }
        }
    }

    private string Stamp() => string.Join(
        '|',
        new[] { _options.CertificateFile, _options.KeyFile, _options.ClientCaFile }
            .Select(f => string.IsNullOrWhiteSpace(f) ? "" : $"{File.GetLastWriteTimeUtc(f).Ticks}:{new FileInfo(f).Length}"));

    private Material Load(string stamp)
    {
        using var pem = X509Certificate2.CreateFromPemFile(_options.CertificateFile!, _options.KeyFile);

        // A PEM key is ephemeral; a PKCS#12 round trip gives SslStream a key it can use on every platform.
        var server = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var cas = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(_options.ClientCaFile))
        {
            cas.ImportFromPemFile(_options.ClientCaFile);
        }

        return new Material(server, cas, stamp);
    }

    [LoggerMessage(EventId = Internal.EventIds.TlsReloaded, Level = LogLevel.Information, Message = "TLS files changed: serving certificate {Subject}, valid until {NotAfter:O}")]
    private static partial void LogReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(EventId = Internal.EventIds.TlsReloadFailed, Level = LogLevel.Warning, Message = "TLS files changed but could not be read ({Error}); keeping the previous certificates")]
    private static partial void LogReloadFailed(ILogger logger, string error);

    [LoggerMessage(EventId = Internal.EventIds.TlsClientRefused, Level = LogLevel.Information, Message = "Refused a TLS client certificate ({Subject}): it does not chain to the client CA")]
    private static partial void LogClientRefused(ILogger logger, string subject);

    [LoggerMessage(EventId = Internal.EventIds.TlsClientNotForClients, Level = LogLevel.Information, Message = "Refused a TLS client certificate ({Subject}): its extended key usage does not include Client Authentication")]
    private static partial void LogClientNotForClients(ILogger logger, string subject);

    private sealed record Material(X509Certificate2 Server, X509Certificate2Collection ClientCas, string Stamp);
}
