using Cellular.Cell.Internal;

namespace Cellular.Cell.Tests.Security;

public sealed class CellTlsOptionsValidatorTests
{
    [Fact]
    public void Validate_Nothing_Succeeds() =>
        Assert.True(new CellTlsOptionsValidator().Validate(null, new CellTlsOptions()).Succeeded);

    [Fact]
    public void Validate_CertificateWithoutKey_FailsNamingBoth()
    {
        using var file = new TempFile();

        var result = new CellTlsOptionsValidator().Validate(null, new CellTlsOptions { CertificateFile = file.Path });

        Assert.Contains("Cellular:Cell:Tls:CertificateFile and Cellular:Cell:Tls:KeyFile go together", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCaWithoutCertificate_Fails()
    {
        using var file = new TempFile();

        var result = new CellTlsOptionsValidator().Validate(null, new CellTlsOptions { ClientCaFile = file.Path });

        Assert.Contains("ClientCaFile needs", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFile_FailsNamingIt()
    {
        var result = new CellTlsOptionsValidator().Validate(null, new CellTlsOptions { CertificateFile = "/nope/cell.crt", KeyFile = "/nope/cell.key" });

        Assert.Contains("'/nope/cell.crt', which does not exist", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'/nope/cell.key', which does not exist", result.FailureMessage, StringComparison.Ordinal);
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();

        public void Dispose() => File.Delete(Path);
    }
}
