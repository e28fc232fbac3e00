using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Cellular.Router.Security;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Security;

/// <summary>The issuer's key set is taken only as public keys, and only up to a size.</summary>
public sealed class TenantJwksHardeningTests : IAsyncLifetime
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];

    private BackendServer _cell = null!;
    private TestIssuer _issuer = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _issuer = await TestIssuer.StartAsync();
        _directory = RouterHost.NewDirectory();
    }

    public async Task DisposeAsync()
    {
        RouterHost.DeleteDirectory(_directory);
        await _issuer.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task JwksFile_OnlyOctKey_NothingLoaded503FailClosed()
    {
        var file = await WriteAsync(Jwks(OctKey()));
        await using var router = await StartRouterAsync(file: file);

        using var response = await router.Client.SendAsync(Request(HmacToken("acme")));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Token keys unavailable", problem.GetProperty("title").GetString());
        Assert.Empty(_cell.Requests);
    }

    [Fact]
    public async Task JwksFile_OctKeyNextToEcKey_OctIgnoredHs256TokenRefused()
    {
        var file = await WriteAsync(Jwks([.. EcKeys(), OctKey()]));
        await using var router = await StartRouterAsync(file: file);

        using var good = await router.Client.SendAsync(Request(_issuer.Token("acme")));
        using var hmac = await router.Client.SendAsync(Request(HmacToken("acme")));

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        await Http.AssertProblemAsync(hmac, HttpStatusCode.Unauthorized);
        Assert.Single(_cell.Requests);
    }

    [Fact]
    public async Task JwksFile_OverOneMiB_NotLoaded()
    {
        var file = await WriteAsync(Padded(_issuer.Jwks()));
        await using var router = await StartRouterAsync(file: file);

        using var response = await router.Client.SendAsync(Request(_issuer.Token("acme")));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Token keys unavailable", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task JwksUrl_AnswerOverOneMiB_FailedRefreshLastGoodKeysKept()
    {
        var good = _issuer.Jwks();
        _issuer.Publish("k2");
        var oversized = Padded(_issuer.Jwks());
        var served = 0;
        var big = 0;
        var (app, url) = await TestServer.StartAsync(async context =>
        {
            var body = Volatile.Read(ref big) == 1 ? oversized : good;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
            Interlocked.Increment(ref served);
        });
        try
        {
            await using var router = await StartRouterAsync(url: url + "/jwks");
            (await router.Client.SendAsync(Request(_issuer.Token("acme", kid: "k1")))).EnsureSuccessStatusCode();

            Volatile.Write(ref big, 1);
            var before = Volatile.Read(ref served);
            await RouterHost.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref served) >= before + 2));

            using var stillK1 = await router.Client.SendAsync(Request(_issuer.Token("globex", kid: "k1")));
            using var notK2 = await router.Client.SendAsync(Request(_issuer.Token("globex", kid: "k2")));
            Assert.Equal(HttpStatusCode.OK, stillK1.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, notK2.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static string Padded(string jwks)
    {
        // Still a valid key set, just too large: whitespace before the closing brace.
        var padded = jwks[..^1] + new string(' ', TenantJwksSource.MaxJwksBytes) + "}";
        using var _ = JsonDocument.Parse(padded);
        return padded;
    }

    private IEnumerable<JsonElement> EcKeys() =>
        JsonDocument.Parse(_issuer.Jwks()).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.Clone());

    private static JsonElement OctKey() => JsonSerializer.SerializeToElement(new Dictionary<string, string>
    {
        ["kty"] = "oct",
        ["k"] = Base64UrlEncoder.Encode(Secret),
        ["kid"] = "sym",
        ["alg"] = "HS256",
        ["use"] = "sig",
    });

    private static string Jwks(params JsonElement[] keys) => JsonSerializer.Serialize(new { keys });

    private static string HmacToken(string tenant)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestIssuer.Issuer,
            Audience = TestIssuer.Audience,
            Subject = new ClaimsIdentity([new Claim("tenant", tenant)]),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Secret) { KeyId = "sym" }, SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<string> WriteAsync(string jwks)
    {
        var file = Path.Combine(_directory, "jwks.json");
        await File.WriteAllTextAsync(file, jwks, Encoding.UTF8);
        return file;
    }

    private static HttpRequestMessage Request(string token)
    {
        var request = Http.Get("/notes");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return request;
    }

    private async Task<RouterHost> StartRouterAsync(string? file = null, string? url = null)
    {
        var router = await RouterHost.StartAsync(new Dictionary<string, string?>
        {
            ["TenantAuth:Mode"] = "Jwt",
            ["TenantAuth:Issuer"] = TestIssuer.Issuer,
            ["TenantAuth:Audience"] = TestIssuer.Audience,
            ["TenantAuth:JwksUrl"] = url,
            ["TenantAuth:JwksFile"] = file,
            ["TenantAuth:JwksRefreshInterval"] = "00:00:01",
        });
        router.Apply(Create(1, [Cell("c1", _cell.Url)], [Tenant("acme", "c1"), Tenant("globex", "c1")]));
        return router;
    }
}
