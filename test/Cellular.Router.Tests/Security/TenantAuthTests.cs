using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Cellular.Core;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Security;

/// <summary>Verified tenant identity at the router: JWT bearer tokens against a real JWKS endpoint on loopback.</summary>
public sealed class TenantAuthTests : IAsyncLifetime
{
    private BackendServer _cell = null!;
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _issuer = await TestIssuer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task Jwt_GoodToken_200TenantFromTokenAndCellGetsAssertion()
    {
        await using var router = await StartRouterAsync();

        using var response = await router.Client.SendAsync(Request(_issuer.Token("acme")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_cell.Requests);
        Assert.Equal("acme", seen.Header(CellularHeaders.TenantId));
        Assert.Null(TestKeys.Check(seen.Header(CellularHeaders.TenantAssertion), "c1", "acme", "1", TimeProvider.System.GetUtcNow()));
        Assert.StartsWith("Bearer ", seen.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_GoodTokenWithSameTenantInHeaderOrPath_200()
    {
        await using var router = await StartRouterAsync();
        var token = _issuer.Token("acme");

        using var header = await router.Client.SendAsync(Request(token, tenantHeader: "acme"));
        using var path = await router.Client.SendAsync(Request(token, path: "/t/acme/notes"));

        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, path.StatusCode);
        Assert.Equal("/notes", _cell.Requests.Last().Path);
    }

    [Fact]
    public async Task Jwt_SameTokenTwice_SecondAnsweredFromCacheEvenWithIssuerDown()
    {
        await using var router = await StartRouterAsync();
        var token = _issuer.Token("acme");
        (await router.Client.SendAsync(Request(token))).EnsureSuccessStatusCode();

        _issuer.Down = true;
        using var again = await router.Client.SendAsync(Request(token));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Jwt_NoToken_401WithBearerChallenge()
    {
        await using var router = await StartRouterAsync();

        using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));

        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(_cell.Requests);
    }

    public static TheoryData<string> BadTokens => ["bad-signature", "alg-none", "unknown-kid", "expired", "wrong-audience", "wrong-issuer", "garbage", "not-bearer"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Jwt_BadToken_401InvalidTokenNothingForwarded(string kind)
    {
        await using var router = await StartRouterAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = kind switch
        {
            "bad-signature" => _issuer.Token("acme", signWith: stranger),
            "alg-none" => TestIssuer.UnsignedToken("acme"),
            "unknown-kid" => _issuer.Token("acme", kid: "k-unknown"),
            "expired" => _issuer.Token("acme", expiresIn: TimeSpan.FromMinutes(-5)),
            "wrong-audience" => _issuer.Token("acme", audience: "someone-else"),
            "wrong-issuer" => _issuer.Token("acme", issuer: "https://evil.test"),
            "garbage" => "not.a.jwt",
            _ => "",
        };

        using var request = kind == "not-bearer" ? Http.Get("/notes", "acme") : Request(token, tenantHeader: "acme");
        if (kind == "not-bearer")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "YWNtZTpwYXNz");
        }

        using var response = await router.Client.SendAsync(request);

        await Http.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        if (kind != "not-bearer")
        {
            Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        }

        Assert.Empty(_cell.Requests);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("path")]
    public async Task Jwt_TokenForTenantAWithKeyB_403NothingForwarded(string where)
    {
        await using var router = await StartRouterAsync();
        var token = _issuer.Token("acme");

        using var response = await router.Client.SendAsync(where == "header" ? Request(token, tenantHeader: "globex") : Request(token, path: "/t/globex/notes"));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("acme", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_cell.Requests);
    }

    [Fact]
    public async Task Jwt_JwksDownAtStart_503FailClosedThenServesOnceLoaded()
    {
        _issuer.Down = true;
        await using var router = await StartRouterAsync();
        var token = _issuer.Token("acme");

        using var refused = await router.Client.SendAsync(Request(token));
        await Http.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Empty(_cell.Requests);

        _issuer.Down = false;
        await RouterHost.WaitUntilAsync(async () => (await router.Client.SendAsync(Request(token))).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Jwt_JwksDownLater_LastGoodKeysKeepWorking()
    {
        await using var router = await StartRouterAsync(new() { ["TenantAuth:JwksRefreshInterval"] = "00:00:01" });
        (await router.Client.SendAsync(Request(_issuer.Token("acme")))).EnsureSuccessStatusCode();

        _issuer.Down = true;
        var requestsBefore = _issuer.Requests;
        await RouterHost.WaitUntilAsync(() => Task.FromResult(_issuer.Requests >= requestsBefore + 2));

        // A token never seen before, so it is validated against the kept keys, not the cache.
        using var response = await router.Client.SendAsync(Request(_issuer.Token("globex"), tenantHeader: "globex"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Jwt_KeyRotation_NewKidPickedUpWithoutRestartOldOneDropped()
    {
        await using var router = await StartRouterAsync(new() { ["TenantAuth:JwksMinRefreshInterval"] = "00:00:00" });
        var old = _issuer.Token("acme", kid: "k1");
        (await router.Client.SendAsync(Request(old))).EnsureSuccessStatusCode();

        _issuer.Publish("k2");
        var rotated = _issuer.Token("acme", kid: "k2");

        // The unknown kid makes the router fetch the key set again at once (rate-limited).
        await RouterHost.WaitUntilAsync(async () => (await router.Client.SendAsync(Request(rotated))).StatusCode == HttpStatusCode.OK);

        // k1 left the key set: its tokens, even one cached before, are refused now.
        using var stale = await router.Client.SendAsync(Request(old));
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
    }

    [Fact]
    public async Task Jwt_JwksFile_LoadedAndReadAgainWhenItChanges()
    {
        var directory = RouterHost.NewDirectory();
        try
        {
            var file = Path.Combine(directory, "jwks.json");
            await File.WriteAllTextAsync(file, _issuer.Jwks());
            await using var router = await StartRouterAsync(new() { ["TenantAuth:JwksUrl"] = null, ["TenantAuth:JwksFile"] = file, ["TenantAuth:JwksRefreshInterval"] = "00:00:01" });
            await RouterHost.WaitUntilAsync(async () => (await router.Client.SendAsync(Request(_issuer.Token("acme")))).StatusCode == HttpStatusCode.OK);

            _issuer.Publish("k1", "k2");
            await File.WriteAllTextAsync(file, _issuer.Jwks());

            await RouterHost.WaitUntilAsync(async () => (await router.Client.SendAsync(Request(_issuer.Token("acme", kid: "k2")))).StatusCode == HttpStatusCode.OK);
        }
        finally
        {
            RouterHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Jwt_Off_TokenlessRequestsRoutedAsBefore()
    {
        await using var router = await RouterHost.StartAsync();
        router.Apply(OneTenant(1, _cell.Url));

        using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpRequestMessage Request(string token, string path = "/notes", string? tenantHeader = null)
    {
        var request = Http.Get(path, tenantHeader);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return request;
    }

    private async Task<RouterHost> StartRouterAsync(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["TenantAuth:Mode"] = "Jwt",
            ["TenantAuth:Issuer"] = TestIssuer.Issuer,
            ["TenantAuth:Audience"] = TestIssuer.Audience,
            ["TenantAuth:JwksUrl"] = _issuer.JwksUrl,
            ["TenantAuth:ClockSkew"] = "00:00:05",
        };

        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var router = await RouterHost.StartAsync(all);
        router.Apply(Create(1, [Cell("c1", _cell.Url)], [Tenant("acme", "c1"), Tenant("globex", "c1")]));
        return router;
    }
}
