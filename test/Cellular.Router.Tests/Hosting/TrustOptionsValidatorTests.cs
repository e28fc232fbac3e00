using Cellular.Router.Hosting;

namespace Cellular.Router.Tests.Hosting;

/// <summary>Start-up validation of the trust settings: router credential, assertions, tenant auth.</summary>
public sealed class TrustOptionsValidatorTests
{
    private static string? Validate(RouterOptions options) => new RouterOptionsValidator().Validate(null, options).FailureMessage;

    private static TenantAuthOptions Jwt() => new() { Mode = TenantAuthMode.Jwt, Issuer = "https://issuer", Audience = "router", JwksUrl = "https://issuer/jwks" };

    [Fact]
    public void Validate_JwtComplete_Succeeds() => Assert.Null(Validate(new RouterOptions { TenantAuth = Jwt() }));

    [Fact]
    public void Validate_BothTokenAndTokenFile_Fails() =>
        Assert.Contains("ControlPlaneTokenFile are both set", Validate(new RouterOptions { ControlPlaneToken = "a", ControlPlaneTokenFile = "b" }));

    [Theory]
    [InlineData("none")]
    [InlineData("NONE")]
    public void Validate_AlgorithmNone_Refused(string algorithm)
    {
        var auth = Jwt();
        auth.Algorithms = ["ES256", algorithm];

        Assert.Contains("never accepted", Validate(new RouterOptions { TenantAuth = auth }));
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    [InlineData("rs256")]
    [InlineData("RSA-OAEP")]
    public void Validate_SymmetricOrUnknownAlgorithm_RefusedNamingKeyAndAlgorithm(string algorithm)
    {
        var auth = Jwt();
        auth.Algorithms = ["ES256", algorithm];

        var message = Validate(new RouterOptions { TenantAuth = auth });

        Assert.Contains("TenantAuth:Algorithms", message);
        Assert.Contains($"'{algorithm}'", message);
        Assert.Contains("only asymmetric", message);
    }

    [Fact]
    public void Validate_EveryAsymmetricAlgorithm_Accepted()
    {
        var auth = Jwt();
        auth.Algorithms = [.. TenantAuthOptions.AllowedAlgorithms];

        Assert.Null(Validate(new RouterOptions { TenantAuth = auth }));
        Assert.Equal(["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"], TenantAuthOptions.AllowedAlgorithms);
    }

    [Fact]
    public void Validate_JwtWithoutIssuerAudienceOrKeys_SaysEach()
    {
        var message = Validate(new RouterOptions { TenantAuth = new TenantAuthOptions { Mode = TenantAuthMode.Jwt } });

        Assert.Contains("TenantAuth:Issuer", message);
        Assert.Contains("TenantAuth:Audience", message);
        Assert.Contains("exactly one", message);
    }

    [Fact]
    public void Validate_JwtWithUrlAndFile_Fails()
    {
        var auth = Jwt();
        auth.JwksFile = "jwks.json";

        Assert.Contains("exactly one", Validate(new RouterOptions { TenantAuth = auth }));
    }

    [Fact]
    public void Validate_AssertionLifetimeTooLong_Fails() =>
        Assert.Contains("Assertions:Lifetime", Validate(new RouterOptions { Assertions = new AssertionOptions { Lifetime = TimeSpan.FromHours(1) } }));

    [Fact]
    public void Validate_TokenAsKeySource_Refused() =>
        Assert.Contains("unknown tenant key source 'Token'", Validate(new RouterOptions { TenantKeySources = "Header,Token" }));
}
