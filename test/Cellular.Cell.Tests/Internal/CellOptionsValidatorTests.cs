using Cellular.Cell.Internal;

namespace Cellular.Cell.Tests.Internal;

public sealed class CellOptionsValidatorTests
{
    private readonly CellOptionsValidator _validator = new();

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        var result = _validator.Validate(null, new CellOptions { Id = "cell-1.eu_a", Version = "2.0.0-beta+abc", DataDir = "data" });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_MissingId_FailsAndSaysHowToPassIt(string id)
    {
        var result = _validator.Validate(null, new CellOptions { Id = id });

        Assert.True(result.Failed);
        Assert.Contains("Cellular:Cell:Id is not set", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("--Cellular:Cell:Id=", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cell1")]
    [InlineData("cell 1")]
    [InlineData("cell/1")]
    public void Validate_InvalidId_FailsNamingTheId(string id)
    {
        var result = _validator.Validate(null, new CellOptions { Id = id });

        Assert.True(result.Failed);
        Assert.Contains("Cellular:Cell:Id is not valid", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(id, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooLongId_Fails()
    {
        var result = _validator.Validate(null, new CellOptions { Id = new string('a', 129) });

        Assert.True(result.Failed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.0 beta")]
    public void Validate_BadVersion_Fails(string version)
    {
        var result = _validator.Validate(null, new CellOptions { Id = "c1", Version = version });

        Assert.True(result.Failed);
        Assert.Contains("Cellular:Cell:Version", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Validate_NonPositiveMaxRequestBodySize_Fails(long size)
    {
        var result = _validator.Validate(null, new CellOptions { Id = "c1", MaxRequestBodySize = size });

        Assert.Contains("Cellular:Cell:MaxRequestBodySize must be a positive number", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(10_000_001)]
    public void Validate_OwnershipCacheSizeOutOfRange_Fails(int size)
    {
        var result = new CellTenantStateOptionsValidator().Validate(null, new CellTenantStateOptions { OwnershipCacheSize = size });

        Assert.Contains("Cellular:Cell:TenantState:OwnershipCacheSize must be from 16 to 10000000", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyDataDir_Fails()
    {
        var result = _validator.Validate(null, new CellOptions { Id = "c1", DataDir = "" });

        Assert.True(result.Failed);
        Assert.Contains("Cellular:Cell:DataDir", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAll()
    {
        var result = _validator.Validate(null, new CellOptions { Id = "", Version = "", DataDir = "" });

        Assert.Equal(3, result.Failures!.Count());
    }
}
