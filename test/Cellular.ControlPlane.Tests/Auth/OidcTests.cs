using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellular.ControlPlane.Tests.Auth;

/// <summary>OIDC JWT bearer on the API, with keys from a local JWKS endpoint and roles from a configurable claim.</summary>
public sealed class OidcTests : IAsyncLifetime
{
    private const string Issuer = "https://idp.example.test";
    private const string Audience = "cellular-api";

    private readonly TempDirectory _root = new("cp-oidc");
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "k1" };
    private readonly RsaSecurityKey _stranger = new(RSA.Create(2048)) { KeyId = "k1" };
    private WebApplication _jwks = null!;
    private ControlPlaneApp _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _jwks = builder.Build();
        var parameters = _key.Rsa.ExportParameters(false);
        var document = $$"""{"keys":[{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""";
        _jwks.MapGet("/jwks", () => Results.Text(document, "application/json"));
        await _jwks.StartAsync();
        _app = new ControlPlaneApp(_root.Path, new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Auth:Oidc:Issuer"] = Issuer,
            ["Cellular:ControlPlane:Auth:Oidc:Audience"] = Audience,
            ["Cellular:ControlPlane:Auth:Oidc:JwksUrl"] = _jwks.Urls.Single() + "/jwks",
            ["Cellular:ControlPlane:Auth:Oidc:RoleClaim"] = "cellular_role",
            ["Cellular:ControlPlane:Auth:Oidc:NameClaim"] = "email",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _jwks.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task Token_WithAdminRole_IsThePrincipalAndTheAuditActor()
    {
        using var client = _app.ClientWithToken(Token("Admin"));

        var whoami = await client.GetFromJsonAsync("/api/v1/auth/whoami", CellularJsonContext.Default.WhoAmI);
        using var created = await client.PostJsonAsync("/api/v1/auth/keys", """{"name":"ci","role":"ReadOnly"}""");

        Assert.Equal(new WhoAmI("oidc:ana@example.test", ApiRole.Admin, "jwt"), whoami);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("oidc:ana@example.test", (await created.ReadAsync(CellularJsonContext.Default.CreatedApiKey)).CreatedBy);
    }

    [Fact]
    public async Task Token_NamedLikeAnApiKey_IsAuditedAsOidcNotAsTheKey()
    {
        using var oidcAdmin = _app.ClientWithToken(Token("Admin", name: "admin"));
        using var keyAdmin = _app.Client();

        var whoami = await oidcAdmin.GetFromJsonAsync("/api/v1/auth/whoami", CellularJsonContext.Default.WhoAmI);
        using var byOidc = await oidcAdmin.PostJsonAsync("/api/v1/auth/keys", """{"name":"by-oidc","role":"ReadOnly"}""");
        using var byKey = await keyAdmin.PostJsonAsync("/api/v1/auth/keys", """{"name":"by-key","role":"ReadOnly"}""");

        Assert.Equal(new WhoAmI("oidc:admin", ApiRole.Admin, "jwt"), whoami);
        Assert.Equal("api-key", (await keyAdmin.GetFromJsonAsync("/api/v1/auth/whoami", CellularJsonContext.Default.WhoAmI))!.Kind);
        var asKey = (await keyAdmin.GetFromJsonAsync("/api/v1/audit?action=auth.key.create&actor=admin", CellularJsonContext.Default.PageAuditEntry))!.Items;
        var asOidc = (await keyAdmin.GetFromJsonAsync("/api/v1/audit?action=auth.key.create&actor=oidc:admin", CellularJsonContext.Default.PageAuditEntry))!.Items;
        Assert.Equal("key/by-key", Assert.Single(asKey).Target);
        Assert.Equal("key/by-oidc", Assert.Single(asOidc).Target);
    }

    [Fact]
    public async Task Token_WithReadOnlyRole_ReadsButCannotWrite()
    {
        using var client = _app.ClientWithToken(Token("ReadOnly"));

        using var read = await client.GetAsync("/api/v1/cells");
        using var write = await client.PostJsonAsync("/api/v1/tenants", """{"id":"acme"}""");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await write.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("audience")]
    [InlineData("issuer")]
    [InlineData("expired")]
    [InlineData("signature")]
    public async Task Token_Bad_Returns401WithBearerChallenge(string what)
    {
        var token = what switch
        {
            "audience" => Token("Admin", audience: "someone-else"),
            "issuer" => Token("Admin", issuer: "https://evil.test"),
            "expired" => Token("Admin", expires: TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-10)),
            _ => Token("Admin", key: _stranger),
        };
        using var client = _app.ClientWithToken(token);

        using var response = await client.GetAsync("/api/v1/cells");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.First().Scheme);
    }

    [Fact]
    public async Task Token_WithoutTheNameClaim_Returns401()
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Expires = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(5),
            Subject = new ClaimsIdentity([new Claim("sub", "user-123"), new Claim("cellular_role", "Admin")]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        using var client = _app.ClientWithToken(token);

        using var response = await client.GetAsync("/api/v1/cells");

        Assert.Contains("'email'", await response.AssertProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeys_StillWork_WithOidcOn()
    {
        using var admin = _app.Client();

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/cells")).StatusCode);
    }

    private string Token(string role, string audience = Audience, string issuer = Issuer, DateTime? expires = null, RsaSecurityKey? key = null, string name = "ana@example.test")
    {
        var until = expires ?? TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = until.AddMinutes(-10),
            NotBefore = until.AddMinutes(-10),
            Expires = until,
            Subject = new ClaimsIdentity([new Claim("sub", "user-123"), new Claim("email", name), new Claim("cellular_role", role)]),
            SigningCredentials = new SigningCredentials(key ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }
}
