using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Cellular.Core.Api;
using Cellular.Core.Security;
using Cellular.Router;
using Cellular.Router.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellular.Benchmarks.Trust;

/// <summary>
/// What trust costs the router per request. With tenant auth on, every request's bearer token is
/// checked: a token seen before is answered from the validated-token cache (SHA-256 of the token
/// and one array read), a new one is validated in full (parse, ES256 signature, claims). Every
/// forwarded request also carries a freshly signed tenant assertion (HMAC-SHA256).
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class TenantTrustBenchmarks
{
    private const string Issuer = "https://issuer.bench";
    private const string Audience = "cellular-router";

    private TenantAuthenticator _cached = null!;
    private TenantAuthenticator _uncached = null!;
    private AssertionKeyRing _ring = null!;
    private AssertionSigningKey _signingKey = null!;
    private ECDsa _key = null!;
    private string _token = "";
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = _key.ExportParameters(false);
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = "EC", crv = "P-256", x = Base64UrlEncoder.Encode(p.Q.X), y = Base64UrlEncoder.Encode(p.Q.Y), kid = "k1", alg = "ES256", use = "sig" } } });
        _directory = Directory.CreateTempSubdirectory("cellular-bench-").FullName;
        var file = Path.Combine(_directory, "jwks.json");
        File.WriteAllText(file, jwks);

        _cached = Authenticator(file, cacheSize: 16384);
        _uncached = Authenticator(file, cacheSize: 0);

        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        _token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "tenant-000042"), new Claim("tenant", "tenant-000042")]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key) { KeyId = "k1" }, SecurityAlgorithms.EcdsaSha256),
        });

        if (Check(_cached) != "tenant-000042" || Check(_uncached) != "tenant-000042")
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }

        _ring = new AssertionKeyRing(Options.Create(new RouterOptions()), TimeProvider.System);
        _ring.Apply(new AssertionKeySet(1, [new CellAssertionKey("cell-7", CellSecrets.Encode(RandomNumberGenerator.GetBytes(32)))]));
        _ring.TryGet("cell-7", out _signingKey);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A token seen before: what nearly every request of an authenticated client costs.</summary>
    [Benchmark(Baseline = true)]
    public string? JwtCacheHit() => Check(_cached);

    /// <summary>A token not seen before: full validation (ES256 signature, issuer, audience, lifetime, tenant claim).</summary>
    [Benchmark]
    public string? JwtCacheMiss() => Check(_uncached);

    /// <summary>The tenant assertion signed for every forwarded request.</summary>
    [Benchmark]
    public string SignAssertion() => _ring.Sign(_signingKey, "tenant-000042", 3);

    private string? Check(TenantAuthenticator authenticator)
    {
        var result = authenticator.AuthenticateTokenAsync(_token);
        return (result.IsCompletedSuccessfully ? result.Result : result.AsTask().GetAwaiter().GetResult()).Tenant;
    }

    private static TenantAuthenticator Authenticator(string jwksFile, int cacheSize)
    {
        var options = Options.Create(new RouterOptions
        {
            TenantAuth = new TenantAuthOptions
            {
                Mode = TenantAuthMode.Jwt,
                Issuer = Issuer,
                Audience = Audience,
                JwksFile = jwksFile,
                CacheSize = cacheSize,
            },
        });
        var jwks = new TenantJwksSource(options, null!, TimeProvider.System, NullLogger<TenantJwksSource>.Instance);
        if (!jwks.LoadAsync(CancellationToken.None).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The benchmark key set did not load.");
        }

        return new TenantAuthenticator(options, jwks, TimeProvider.System);
    }
}
