using System.Net;
using System.Security.Cryptography;
using Cellular.Core;
using Cellular.Core.Security;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Security;

/// <summary>
/// No credential ever reaches the router's logs, at any level: not a client's <c>Authorization</c>
/// value, not a tenant JWT, not the router's control-plane token, not an assertion or a key.
/// </summary>
public sealed class SecretsNotLoggedTests : IAsyncLifetime
{
    private BackendServer _cell = null!;
    private FakeControlPlane _controlPlane = null!;
    private TestIssuer _issuer = null!;

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _controlPlane = await FakeControlPlane.StartAsync(Create(3, [Cell("c1", _cell.Url)], [Tenant("acme", "c1"), Tenant("globex", "c1")]));
        _issuer = await TestIssuer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        await _controlPlane.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task TraceLogs_JwtRequestsRefusalsAndKeyRefreshes_HoldNoCredential()
    {
        var logs = new LogCapture();
        await using var router = await RouterHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["ControlPlaneUrl"] = _controlPlane.Url,
                ["Assertions:KeyRefreshInterval"] = "01:00:00",
                ["Assertions:MinRefreshInterval"] = "00:00:00",
                ["TenantAuth:Mode"] = "Jwt",
                ["TenantAuth:Issuer"] = TestIssuer.Issuer,
                ["TenantAuth:Audience"] = TestIssuer.Audience,
                ["TenantAuth:JwksUrl"] = _issuer.JwksUrl,
                ["TenantAuth:JwksMinRefreshInterval"] = "00:00:00",
            },
            installKeys: false,
            logs: logs);
        await router.WaitForVersionAsync(3);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(router.Keys.Generation == 1));

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var good = _issuer.Token("acme");
        string[] secrets =
        [
            good,
            _issuer.Token("acme", kid: "k9"),
            _issuer.Token("acme", signWith: otherKey),
            _issuer.Token("acme", expiresIn: TimeSpan.FromMinutes(-5)),
            _issuer.Token("acme", audience: "someone-else"),
            TestIssuer.UnsignedToken("acme"),
            "not-a-jwt-but-a-secret-0123456789",
        ];

        // Valid (twice: validated, then from the cache), refused for every reason, and a tenant mismatch.
        foreach (var token in secrets.Prepend(good))
        {
            using var response = await router.Client.SendAsync(Request("Bearer " + token));
        }

        using (var mismatch = await router.Client.SendAsync(Request("Bearer " + good, tenant: "globex")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, mismatch.StatusCode);
        }

        const string Basic = "Basic dXNlcjpwYXNzd29yZC1ub3QtdG8tbG9n";
        using (var basic = await router.Client.SendAsync(Request(Basic)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        }

        // The unknown kid woke a JWKS refresh; a cell refusing the assertion wakes a key refresh with the router's token.
        await RouterHost.WaitUntilAsync(() => Task.FromResult(_issuer.Requests >= 2));
        var keyRequests = _controlPlane.KeyRequests;
        _cell.RefuseAssertions = true;
        using (var refused = await router.Client.SendAsync(Request("Bearer " + good)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        await RouterHost.WaitUntilAsync(() => Task.FromResult(_controlPlane.KeyRequests > keyRequests));

        var assertions = _cell.Requests.Select(r => r.Header(CellularHeaders.TenantAssertion)).OfType<string>().ToList();
        Assert.NotEmpty(assertions);
        var forbidden = secrets
            .Concat(secrets.SelectMany(t => t.Split('.')).Where(part => part.Length >= 16))
            .Concat(assertions)
            .Concat(assertions.Select(a => a[(a.LastIndexOf(':') + 1)..]))
            .Append(Basic)
            .Append(Basic["Basic ".Length..])
            .Append(FakeControlPlane.RouterToken)
            .Append(FakeControlPlane.RouterToken[FakeControlPlane.RouterToken.LastIndexOf('_')..])
            .Append(CellSecrets.Encode(TestKeys.AssertionKey("c1", 1)))
            .Append(CellSecrets.Encode(TestKeys.Secret("c1")))
            .Append("ta1:")
            .ToList();

        var entries = logs.Entries;
        Assert.Contains(entries, e => e.Contains("Trace", StringComparison.Ordinal));
        foreach (var entry in entries)
        {
            foreach (var secret in forbidden)
            {
                Assert.False(entry.Contains(secret, StringComparison.Ordinal), $"A log entry holds a credential ({secret[..Math.Min(12, secret.Length)]}…): {entry}");
            }
        }
    }

    private static HttpRequestMessage Request(string authorization, string? tenant = null)
    {
        var request = Http.Get("/notes", tenant);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }
}
