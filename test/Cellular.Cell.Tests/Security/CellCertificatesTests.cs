using System.Security.Cryptography.X509Certificates;
using Cellular.Cell.Security;
using Cellular.Cell.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Tests.Security;

/// <summary>A client certificate must chain to the client CA and, when it names extended key usages, allow Client Authentication.</summary>
public sealed class CellCertificatesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("CN=cellular-test-ca");
    private readonly CellCertificates _certificates;

    public CellCertificatesTests()
    {
        using var server = TestCertificates.Issue(_ca, "CN=cell", [TestCertificates.ServerAuthentication]);
        var certFile = Path.Combine(_dir.Path, "cell.pem");
        var keyFile = Path.Combine(_dir.Path, "cell.key");
        var caFile = Path.Combine(_dir.Path, "ca.pem");
        TestCertificates.WritePem(server, certFile, keyFile);
        File.WriteAllText(caFile, _ca.ExportCertificatePem());
        _certificates = new CellCertificates(
            Options.Create(new CellTlsOptions { CertificateFile = certFile, KeyFile = keyFile, ClientCaFile = caFile }),
            TimeProvider.System,
            NullLogger<CellCertificates>.Instance);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void ClientCertificateWithClientAuthentication_IsTrusted()
    {
        using var client = TestCertificates.Issue(_ca, "CN=control-plane", [TestCertificates.ClientAuthentication]);

        Assert.True(_certificates.IsTrustedClient(client));
    }

    [Fact]
    public void CertificateWithBothUsages_IsTrusted()
    {
        using var both = TestCertificates.Issue(_ca, "CN=router", [TestCertificates.ServerAuthentication, TestCertificates.ClientAuthentication]);

        Assert.True(_certificates.IsTrustedClient(both));
    }

    [Fact]
    public void CertificateWithoutExtendedKeyUsage_IsTrusted()
    {
        using var plain = TestCertificates.Issue(_ca, "CN=plain", usages: null);

        Assert.True(_certificates.IsTrustedClient(plain));
    }

    [Fact]
    public void ServerCertificateOfTheSameCa_IsRefused()
    {
        using var server = TestCertificates.Issue(_ca, "CN=other-cell", [TestCertificates.ServerAuthentication]);

        Assert.False(_certificates.IsTrustedClient(server));
    }

    [Fact]
    public void ClientCertificateOfAnotherCa_IsRefused()
    {
        using var rogueCa = TestCertificates.CreateCa("CN=rogue-ca");
        using var rogue = TestCertificates.Issue(rogueCa, "CN=intruder", [TestCertificates.ClientAuthentication]);

        Assert.False(_certificates.IsTrustedClient(rogue));
    }
}
