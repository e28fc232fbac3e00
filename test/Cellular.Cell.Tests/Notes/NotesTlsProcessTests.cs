using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Json;

namespace Cellular.Cell.Tests.Notes;

/// <summary>Notes.dll on an HTTPS endpoint with client certificates, certificates made here and rotated on disk.</summary>
public sealed class NotesTlsProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Https_ClientCertificates_RequiredCheckedAndServerCertificateReloaded()
    {
        using var dir = new TempDirectory();
        using var ca = CreateCa("CN=cellular-test-ca");
        using var rogueCa = CreateCa("CN=rogue-ca");
        using var client = Issue(ca, "CN=control-plane", server: false);
        using var rogue = Issue(rogueCa, "CN=intruder", server: false);
        using var first = Issue(ca, "CN=cell-first", server: true);
        var certFile = Path.Combine(dir.Path, "cell.crt");
        var keyFile = Path.Combine(dir.Path, "cell.key");
        var caFile = Path.Combine(dir.Path, "clients-ca.crt");
        WritePem(first, certFile, keyFile);
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
        var port = NotesProcess.FreePort();
        using var notes = NotesProcess.Start(
            "--urls", $"https://127.0.0.1:{port}",
            "--Cellular:Cell:Id=tls1",
            $"--Cellular:Cell:DataDir={Path.Combine(dir.Path, "data")}",
            $"--Cellular:Cell:Tls:CertificateFile={certFile}",
            $"--Cellular:Cell:Tls:KeyFile={keyFile}",
            $"--Cellular:Cell:Tls:ClientCaFile={caFile}",
            "--Cellular:Cell:Tls:ReloadCheckInterval=00:00:00");

        var (health, firstSeen) = await WaitForHealthAsync(port, client, notes);
        using var trusted = Client(port, client, out _);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { text = "over tls" }) };
        request.Headers.Add("X-Tenant-Id", "t1");
        using var created = await trusted.SendAsync(request);
        using var none = Client(port, null, out _);
        using var intruder = Client(port, rogue, out _);
        var noCertificate = await Record.ExceptionAsync(() => none.GetAsync(new Uri("/_cell/health", UriKind.Relative)));
        var rogueCertificate = await Record.ExceptionAsync(() => intruder.GetAsync(new Uri("/_cell/health", UriKind.Relative)));

        using var second = Issue(ca, "CN=cell-second", server: true);
        WritePem(second, certFile, keyFile);
        using var afterRotation = Client(port, client, out var secondSeen);
        using var healthAfter = await afterRotation.GetAsync(new Uri("/_cell/health", UriKind.Relative));

        Assert.Equal("Healthy", health);
        Assert.Equal("CN=cell-first", firstSeen());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.IsType<HttpRequestException>(noCertificate);
        Assert.IsType<HttpRequestException>(rogueCertificate);
        Assert.Equal(HttpStatusCode.OK, healthAfter.StatusCode);
        Assert.Equal("CN=cell-second", secondSeen());
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = TimeProvider.System.GetUtcNow();
        using var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(ca.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }

        var now = TimeProvider.System.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static void WritePem(X509Certificate2 certificate, string certFile, string keyFile)
    {
        File.WriteAllText(keyFile, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
    }

    private static HttpClient Client(int port, X509Certificate2? certificate, out Func<string?> serverSubject)
    {
        string? seen = null;
        serverSubject = () => seen;
        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero };
        sockets.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            seen = cert?.Subject;
            return true;
        };
        if (certificate is not null)
        {
            sockets.SslOptions.ClientCertificates = [certificate];
        }

        return new HttpClient(new SigningHandler(new CellSigner("tls1")) { InnerHandler = sockets })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
        };
    }

    private static async Task<(string? Status, Func<string?> ServerSubject)> WaitForHealthAsync(int port, X509Certificate2 certificate, NotesProcess notes)
    {
        var deadline = TimeProvider.System.GetUtcNow() + StartTimeout;
        while (true)
        {
            using var client = Client(port, certificate, out var subject);
            try
            {
                var health = await client.GetFromJsonAsync(new Uri("/_cell/health", UriKind.Relative), CellularJsonContext.Default.CellHealth);
                return (health?.Status, subject);
            }
            catch (HttpRequestException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                // Not listening yet: a real process takes a moment to start.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            catch (HttpRequestException e)
            {
                throw new TimeoutException($"Notes did not become healthy in {StartTimeout}. Output:\n{notes.Output}", e);
            }
        }
    }
}
