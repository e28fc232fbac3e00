using System.Net;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Security;
using Cellular.Router.Containment;
using Cellular.Router.Forwarding;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Security;

/// <summary>A cell refusing the router's assertion (401 <c>CellularAssertion</c>): the router's failure, answered by the router.</summary>
public sealed class AssertionRefusedTests : IAsyncLifetime
{
    private BackendServer _cell = null!;
    private FakeControlPlane _controlPlane = null!;

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _controlPlane = await FakeControlPlane.StartAsync(OneTenant(3, _cell.Url, epoch: 7));
    }

    public async Task DisposeAsync()
    {
        await _controlPlane.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task Forward_CellRefusesAssertion_503WithoutCellsBodyKeysRefreshedCircuitClosedCountedAsRouters()
    {
        await using var router = await RouterHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["ControlPlaneUrl"] = _controlPlane.Url,
                ["Assertions:KeyRefreshInterval"] = "01:00:00",
                ["Assertions:MinRefreshInterval"] = "00:00:00",
            },
            installKeys: false);
        await router.WaitForVersionAsync(3);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(router.Keys.Generation == 1));
        var keyRequests = _controlPlane.KeyRequests;
        _cell.RefuseAssertions = true;

        const int Refused = 12;
        for (var i = 0; i < Refused; i++)
        {
            using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));
            var body = await response.Content.ReadAsStringAsync();
            var problem = await Http.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);

            Assert.Equal("Router signature refused", problem.GetProperty("title").GetString());
            Assert.Contains("refused the router's signature; keys are being refreshed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(Http.AssertRetryAfter(response, problem) > 0);
            Assert.DoesNotContain(BackendServer.RefusalDetail, body, StringComparison.Ordinal);
            Assert.DoesNotContain("Unauthenticated", body, StringComparison.Ordinal);
            Assert.Empty(response.Headers.WwwAuthenticate);
        }

        Assert.Equal(Refused, _cell.Requests.Count);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(_controlPlane.KeyRequests > keyRequests));
        var guard = router.Holder.State.Targets.Single(t => t.Cell.Id == "c1").Guard;
        Assert.Equal(CircuitStatus.Closed, guard.Circuit.Status);

        var stats = (await router.Client.GetFromJsonAsync("/_router/stats", CellularJsonContext.Default.RouterStats))!;
        Assert.Equal(Refused, stats.Cells.Single(c => c.Cell == "none").Errors.NoRoute);
        Assert.DoesNotContain(stats.Cells, c => c.Cell == "c1" && c.Requests > 0);

        _cell.RefuseAssertions = false;
        using var served = await router.Client.SendAsync(Http.Get("/notes", "acme"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Forward_RetryAfter421RefusedByNewOwnersAssertionCheck_503RouterSignatureRefused()
    {
        await using var a = await OwnershipCell.StartAsync("cut-a");
        await using var b = await OwnershipCell.StartAsync("cut-b");
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Cutover:HoldTimeout"] = "00:00:10" });
        Cellular.Core.Routing.RoutingTableSnapshot Table(long version, string owner, long epoch) =>
            Create(version, [Cell("cut-a", a.Url), Cell("cut-b", b.Url)], [Tenant("acme", owner, epoch: epoch)]);
        router.Apply(Table(10, "cut-a", 4));
        a.Refuse("acme", owner: "cut-b");

        // The tenant moves to B while the request is at A, and the router's key for B is stale.
        var stale = new AssertionKeySet(1, [
            new CellAssertionKey("cut-a", CellSecrets.Encode(TestKeys.AssertionKey("cut-a", 1))),
            new CellAssertionKey("cut-b", CellSecrets.Encode(new byte[CellSecrets.KeySize])),
        ]);
        a.BeforeRefusing = () =>
        {
            router.Apply(Table(11, "cut-b", 5));
            router.Keys.Apply(stale);
        };

        using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Router signature refused", problem.GetProperty("title").GetString());
        Assert.Equal("cut-b", problem.GetProperty("cell").GetString());
        Assert.Equal(1, b.Unauthorized);
        Assert.Empty(b.Accepted);
        Assert.Equal(CircuitStatus.Closed, router.Holder.State.Targets.Single(t => t.Cell.Id == "cut-b").Guard.Circuit.Status);
    }

    [Theory]
    [InlineData("CellularAssertion", true)]
    [InlineData("cellularassertion realm=\"cell\"", true)]
    [InlineData("Bearer", false)]
    [InlineData("Bearer error=\"invalid_token\", CellularAssertionX", false)]
    public void IsAssertionChallenge_OnlyTheCellsScheme(string challenge, bool expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);

        Assert.Equal(expected, CellTransformer.IsAssertionChallenge(response));
    }

    [Fact]
    public async Task Forward_AppAnswers401Bearer_PassedOnUnchanged()
    {
        var (app, url) = await TestServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsync("app says no");
        });
        try
        {
            await using var router = await RouterHost.StartAsync();
            router.Apply(Create(1, [Cell("c1", url)], [Tenant("acme", "c1")]));

            using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("app says no", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
