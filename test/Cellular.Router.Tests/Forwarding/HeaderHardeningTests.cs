using System.Net;
using Cellular.Core;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Forwarding;

/// <summary>What a client may not tell a cell, what a cell may not tell a client, and methods the router does not forward.</summary>
public sealed class HeaderHardeningTests : IAsyncLifetime
{
    private BackendServer _cell = null!;
    private RouterHost _router = null!;

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _router = await RouterHost.StartAsync();
        _router.Apply(OneTenant(1, _cell.Url, epoch: 3));
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task Forward_ClientProxyAndInternalHeaders_StrippedOrReplaced()
    {
        using var request = Http.Get("/notes", "acme");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=6.6.6.6;proto=https;host=evil");
        request.Headers.TryAddWithoutValidation("X-Real-IP", "6.6.6.6");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "6.6.6.6");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "evil.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", "/admin");
        request.Headers.TryAddWithoutValidation("x-forwarded-port", "1");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer app-token");
        foreach (var name in CellularHeaders.Internal)
        {
            request.Headers.TryAddWithoutValidation(name, "forged");
        }

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_cell.Requests);
        Assert.Null(seen.Header("Forwarded"));
        Assert.Null(seen.Header("X-Real-IP"));
        Assert.Null(seen.Header("X-Forwarded-Prefix"));
        Assert.Null(seen.Header("X-Forwarded-Port"));
        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
        Assert.Equal("http", seen.Header("X-Forwarded-Proto"));
        Assert.DoesNotContain("evil", seen.Header("X-Forwarded-Host"), StringComparison.Ordinal);
        Assert.Equal("3", seen.Header(CellularHeaders.TenantEpoch));
        Assert.Null(seen.Header(CellularHeaders.TenantOwner));
        Assert.Null(seen.Header(CellularHeaders.CellId));
        Assert.Null(seen.Header(CellularHeaders.CellRoute));
        Assert.Null(TestKeys.Check(seen.Header(CellularHeaders.TenantAssertion), "c1", "acme", "3", TimeProvider.System.GetUtcNow()));

        // The application's own credential goes on unchanged.
        Assert.Equal("Bearer app-token", seen.Header("Authorization"));
    }

    [Fact]
    public async Task Forward_CellSendsInternalHeaders_NotPassedToClient()
    {
        _cell.ExtraResponseHeaders[CellularHeaders.TenantOwner] = "c9";
        _cell.ExtraResponseHeaders[CellularHeaders.TenantAssertion] = "ta1:leaked";

        using var response = await _router.Client.SendAsync(Http.Get("/notes", "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(CellularHeaders.TenantOwner));
        Assert.False(response.Headers.Contains(CellularHeaders.TenantAssertion));
        Assert.Equal("c1", Http.Single(response, CellularHeaders.CellId));
        Assert.Equal("c1", Http.Single(response, "X-Backend"));
    }

    [Theory]
    [InlineData("CONNECT", "{authority}")]
    [InlineData("CONNECT", "/notes")]
    [InlineData("TRACE", "/notes")]
    [InlineData("TRACK", "/notes")]
    public async Task Forward_MethodNotForwardable_405ProblemNothingForwarded(string method, string target)
    {
        // Kestrel wants an authority-form target to match the Host header.
        target = target.Replace("{authority}", new Uri(_router.Url).Authority, StringComparison.Ordinal);
        var (status, response) = await RawHttp.SendAsync(_router.Url, method, target, "X-Tenant-Id: acme");

        Assert.True(status == 405, response);
        Assert.Contains("application/problem+json", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Allow: GET", response, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_cell.Requests);
    }

    [Fact]
    public async Task Forward_CustomMethod_Forwarded()
    {
        using var response = await _router.Client.SendAsync(new HttpRequestMessage(new HttpMethod("PROPFIND"), "/notes") { Headers = { { "X-Tenant-Id", "acme" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PROPFIND", Assert.Single(_cell.Requests).Method);
    }
}
