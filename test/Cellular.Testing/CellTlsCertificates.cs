using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cellular.Testing;

/// <summary>Test CAs and the certificates they issue, made with <see cref="CertificateRequest"/>, and their PEM files.</summary>
public static class CellTlsCertificates
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    public static X509Certificate2 MakeCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(Now.AddDays(-1), Now.AddDays(1));
    }

    public static X509Certificate2 Issue(X509Certificate2 ca, string name, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(ca, Now.AddHours(-1), Now.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12 so Kestrel and SslStream can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Writes <c>{prefix}.crt</c> and <c>{prefix}.key</c> and returns their paths.</summary>
    public static (string Certificate, string Key) WritePair(string directory, string prefix, X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        var certificateFile = Path.Combine(directory, prefix + ".crt");
        var keyFile = Path.Combine(directory, prefix + ".key");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        return (certificateFile, keyFile);
    }

    public static string WriteCa(string directory, X509Certificate2 ca)
    {
        var file = Path.Combine(directory, "ca.crt");
        File.WriteAllText(file, ca.ExportCertificatePem());
        return file;
    }
}
