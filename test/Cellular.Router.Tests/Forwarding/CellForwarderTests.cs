using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Forwarding;

/// <summary>The request path against real Kestrel backends on loopback ports.</summary>
public sealed class CellForwarderTests : IAsyncLifetime
{
    private BackendServer _cell1 = null!;
    private BackendServer _cell2 = null!;
    private RouterHost _router = null!;

    public async Task InitializeAsync()
    {
        _cell1 = await BackendServer.StartAsync("c1");
        _cell2 = await BackendServer.StartAsync("c2");
        _router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Domain"] = "example.com" });
        _router.Apply(Create(
            42,
            [Cell("c1", _cell1.Url), Cell("c2", _cell2.Url), Cell("sick", _cell1.Url, CellState.Unhealthy), Cell("new", null, CellState.Provisioning)],
            [Tenant("acme", "c1", epoch: 7), Tenant("globex", "c2", epoch: 3, pinned: true), Tenant("initech", "sick"), Tenant("hooli", "new")]));
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _cell1.DisposeAsync();
        await _cell2.DisposeAsync();
    }

    [Fact]
    public async Task Forward_KnownTenant_ReachesItsCellWithTenantHeaders()
    {
        using var response = await _router.Client.SendAsync(Get("/notes?x=1", tenant: "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal("c1", seen!.Backend);
        Assert.Equal("/notes", seen.Path);
        Assert.Equal("?x=1", seen.Query);
        Assert.Equal("acme", seen.Header("X-Tenant-Id"));
        Assert.Equal("7", seen.Header("X-Tenant-Epoch"));
        Assert.Equal(new Uri(_cell1.Url).Authority, seen.Header("Host"));
        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
        Assert.Equal("http", seen.Header("X-Forwarded-Proto"));
        Assert.Equal("c1", Single(response, "X-Cell-Id"));
        Assert.Equal("assignment; v=42", Single(response, "X-Cell-Route"));
        Assert.Equal("c1", Single(response, "X-Backend"));
    }

    [Fact]
    public async Task Forward_TwoTenants_EachReachesItsOwnCell()
    {
        using var acme = await _router.Client.SendAsync(Get("/", tenant: "acme"));
        using var globex = await _router.Client.SendAsync(Get("/", tenant: "globex"));

        Assert.Equal("c1", Single(acme, "X-Backend"));
        Assert.Equal("c2", Single(globex, "X-Backend"));
        Assert.Equal("c2", Single(globex, "X-Cell-Id"));
        Assert.Equal("pin; v=42", Single(globex, "X-Cell-Route"));
        Assert.Single(_cell1.Requests);
        Assert.Single(_cell2.Requests);
    }

    [Theory]
    [InlineData("/t/acme/notes?limit=5", "/notes", "?limit=5")]
    [InlineData("/t/acme", "/", "")]
    [InlineData("/t/acme/", "/", "")]
    [InlineData("/t/acme/notes/7/edit", "/notes/7/edit", "")]
    public async Task Forward_PathPrefix_DropsPrefixKeepsQuery(string path, string expectedPath, string expectedQuery)
    {
        using var response = await _router.Client.SendAsync(Get(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal(expectedPath, seen!.Path);
        Assert.Equal(expectedQuery, seen.Query);
        Assert.Equal("acme", seen.Header("X-Tenant-Id"));
    }

    [Fact]
    public async Task Forward_Subdomain_RoutesByHost()
    {
        var request = Get("/notes");
        request.Headers.Host = "globex.example.com";

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal("c2", seen!.Backend);
        Assert.Equal("globex", seen.Header("X-Tenant-Id"));
        Assert.Equal("globex.example.com", seen.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task Forward_PostWithBody_BodyAndMethodArrive()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { text = "hello" }) };
        request.Headers.Add("X-Tenant-Id", "acme");

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal("POST", seen!.Method);
        Assert.Equal("application/json; charset=utf-8", seen.Header("Content-Type"));
    }

    [Fact]
    public async Task Forward_ForgedInternalHeaders_NotForwardedAndNotEchoed()
    {
        var request = Get("/", tenant: "acme");
        request.Headers.Add("X-Tenant-Epoch", "999");
        request.Headers.Add("X-Cell-Id", "evil");
        request.Headers.Add("X-Cell-Route", "pin; v=1");
        request.Headers.Add("X-Cellular-Owner", "evil");
        request.Headers.Add("X-Forwarded-For", "10.0.0.66");

        using var response = await _router.Client.SendAsync(request);

        var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal("7", seen!.Header("X-Tenant-Epoch"));
        Assert.Null(seen.Header("X-Cell-Id"));
        Assert.Null(seen.Header("X-Cell-Route"));
        Assert.Null(seen.Header("X-Cellular-Owner"));
        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
        Assert.Equal("c1", Single(response, "X-Cell-Id"));
        Assert.Equal("assignment; v=42", Single(response, "X-Cell-Route"));
    }

    [Fact]
    public async Task Forward_PathKeyWithDifferentHeader_UpstreamSeesResolvedKey()
    {
        // Path is tried after Header: a header that is present wins, and is what the cell sees.
        using var response = await _router.Client.SendAsync(Get("/t/globex/notes", tenant: "acme"));

        var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal("c1", seen!.Backend);
        Assert.Equal("acme", seen.Header("X-Tenant-Id"));
        Assert.Equal("/t/globex/notes", seen.Path);
    }

    [Fact]
    public async Task Forward_UnknownTenant_404ProblemNothingForwarded()
    {
        using var response = await _router.Client.SendAsync(Get("/", tenant: "nobody"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Unknown tenant", problem.GetProperty("title").GetString());
        Assert.Contains("nobody", problem.GetProperty("detail").GetString());
        Assert.Equal("none; v=42", Single(response, "X-Cell-Route"));
        AssertNothingForwarded();
    }

    [Theory]
    [InlineData("initech", "sick", "Unhealthy")]
    [InlineData("hooli", "new", "no endpoint")]
    public async Task Forward_CellNotServing_503WithRetryAfterNothingForwarded(string tenant, string cell, string why)
    {
        using var response = await _router.Client.SendAsync(Get("/", tenant: tenant));

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("5", Single(response, "Retry-After"));
        Assert.Equal(cell, Single(response, "X-Cell-Id"));
        Assert.Contains(why, problem.GetProperty("detail").GetString());
        AssertNothingForwarded();
    }

    [Fact]
    public async Task Forward_DrainingCell_StillForwards()
    {
        _router.Apply(Create(43, [Cell("c1", _cell1.Url, CellState.Draining)], [Tenant("acme", "c1")]));

        using var response = await _router.Client.SendAsync(Get("/", tenant: "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("assignment; v=43", Single(response, "X-Cell-Route"));
    }

    [Theory]
    [InlineData("bad key", "X-Tenant-Id header")]
    [InlineData("a/b", "not allowed")]
    public async Task Forward_InvalidHeaderKey_400ProblemNothingForwarded(string key, string expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("X-Tenant-Id", key);

        using var response = await _router.Client.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid tenant key", problem.GetProperty("title").GetString());
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        AssertNothingForwarded();
    }

    [Fact]
    public async Task Forward_OversizedKey_400()
    {
        using var response = await _router.Client.SendAsync(Get("/", tenant: new string('x', 200)));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("200 characters", problem.GetProperty("detail").GetString());
        AssertNothingForwarded();
    }

    [Fact]
    public async Task Forward_IllegalPathKey_400()
    {
        using var response = await _router.Client.SendAsync(Get("/t/ac%20me/notes"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("path prefix", problem.GetProperty("detail").GetString());
        AssertNothingForwarded();
    }

    [Fact]
    public async Task Forward_NoKey_400ListsWaysToSendOne()
    {
        using var response = await _router.Client.SendAsync(Get("/notes"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Missing tenant key", problem.GetProperty("title").GetString());
        Assert.Contains("X-Tenant-Id", problem.GetProperty("detail").GetString());
        AssertNothingForwarded();
    }

    [Fact]
    public async Task Forward_DeadBackend_503QuicklyWithCellId()
    {
        _router.Apply(Create(44, [Cell("c9", FreePort.DeadUrl())], [Tenant("acme", "c9")]));
        var clock = Stopwatch.StartNew();

        using var response = await _router.Client.SendAsync(Get("/notes", tenant: "acme"));

        clock.Stop();
        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Equal("1", Single(response, "Retry-After"));
        Assert.Equal("c9", Single(response, "X-Cell-Id"));
        Assert.Contains("c9 is not answering", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Forward_CellHangs_503AfterUpstreamTimeout()
    {
        var (hanging, url) = await TestServer.StartAsync(async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        await using var _ = hanging;
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["UpstreamTimeout"] = "00:00:00.5" });
        router.Apply(Create(1, [Cell("slow", url)], [Tenant("acme", "slow")]));
        var clock = Stopwatch.StartNew();

        using var response = await router.Client.SendAsync(Get("/", tenant: "acme"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(5));
        Assert.Contains("slow is not answering", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Forward_CellDiesMidResponse_ClientConnectionIsCut()
    {
        var (dying, url) = await TestServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("partial");
            await context.Response.Body.FlushAsync();
            await Task.Delay(200);
            context.Abort();
        });
        await using var _ = dying;
        _router.Apply(Create(47, [Cell("dying", url)], [Tenant("acme", "dying")]));

        using var response = await _router.Client.SendAsync(Get("/", tenant: "acme"), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("dying", Single(response, "X-Cell-Id"));
        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forward_ManyConcurrentRequestsWhileTableSwaps_EachSeesItsOwnTenant()
    {
        var tenants = new[] { "acme", "globex" };
        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            var tenant = tenants[i % 2];
            if (i % 50 == 0)
            {
                _router.Apply(Create(
                    100 + i,
                    [Cell("c1", _cell1.Url), Cell("c2", _cell2.Url)],
                    [Tenant("acme", "c1", epoch: 7), Tenant("globex", "c2", epoch: 3, pinned: true)]));
            }

            using var response = await _router.Client.SendAsync(Get($"/n/{i}", tenant));
            var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();
            return (tenant, i, seen!);
        });

        foreach (var (tenant, i, seen) in await Task.WhenAll(requests))
        {
            Assert.Equal(tenant, seen.Header("X-Tenant-Id"));
            Assert.Equal(tenant == "acme" ? "c1" : "c2", seen.Backend);
            Assert.Equal(tenant == "acme" ? "7" : "3", seen.Header("X-Tenant-Epoch"));
            Assert.Equal($"/n/{i}", seen.Path);
        }
    }

    [Fact]
    public async Task Forward_EmptyTable_503NoRoutingTable()
    {
        await using var router = await RouterHost.StartAsync();

        using var response = await router.Client.SendAsync(Get("/", tenant: "acme"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("No routing table", problem.GetProperty("title").GetString());
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Forward_HashedBucketFallback_RoutesUnknownKeyWithFallbackRule()
    {
        _router.Apply(Create(45, [Cell("c2", _cell2.Url)], [], new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c2", "c2"])));

        using var response = await _router.Client.SendAsync(Get("/", tenant: "someone-new"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hashed-bucket; v=45", Single(response, "X-Cell-Route"));
        var seen = await response.Content.ReadFromJsonAsync<SeenRequest>();
        Assert.Equal("0", seen!.Header("X-Tenant-Epoch"));
    }

    [Fact]
    public async Task Forward_CellEndpointChanges_NextRequestGoesToNewEndpoint()
    {
        _router.Apply(Create(46, [Cell("c1", _cell2.Url)], [Tenant("acme", "c1")]));

        using var response = await _router.Client.SendAsync(Get("/", tenant: "acme"));

        Assert.Equal("c2", Single(response, "X-Backend"));
        Assert.Equal("c1", Single(response, "X-Cell-Id"));
    }

    private static HttpRequestMessage Get(string path, string? tenant = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.GetValues(header));

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    private void AssertNothingForwarded()
    {
        Assert.Empty(_cell1.Requests);
        Assert.Empty(_cell2.Requests);
    }
}
