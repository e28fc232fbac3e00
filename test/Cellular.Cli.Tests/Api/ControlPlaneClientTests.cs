using System.Net;
using Cellular.Cli.Api;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Api;

public sealed class ControlPlaneClientTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task ListCellsAsync_JsonAnswer_ReturnsCells()
    {
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView> { Samples.Cell("c1"), Samples.Cell("c2", CellState.Draining) });
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var cells = await client.ListCellsAsync();

        Assert.Equal(["c1", "c2"], cells.Select(c => c.Id));
        Assert.Equal(CellState.Draining, cells[1].State);
    }

    [Fact]
    public async Task CreateCellAsync_ProblemAnswer_ThrowsWithTitleAndDetail()
    {
        _fake.RespondProblem("POST", "/api/v1/cells", 409, "Cell exists", "A cell with id 'c1' already exists.");
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => client.CreateCellAsync(new CreateCellRequest("c1")));

        Assert.Equal(HttpStatusCode.Conflict, ex.Status);
        Assert.Equal("Cell exists", ex.Title);
        Assert.Equal("A cell with id 'c1' already exists.", ex.Detail);
    }

    [Fact]
    public async Task CreateCellAsync_Mutation_SendsBearerKeyAndCamelCaseBody()
    {
        _fake.RespondJson("POST", "/api/v1/cells", 201, Samples.Cell("c7"));
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        await client.CreateCellAsync(new CreateCellRequest("c7", Provider: "process"));

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("Bearer " + FakeControlPlane.Token, request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("X-Cellular-Actor"), "the audit's actor is the key's name, not a header");
        Assert.Contains("\"id\":\"c7\"", request.Body, StringComparison.Ordinal);
        Assert.Contains("\"provider\":\"process\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHealthAsync_NoCredential_SendsNoAuthorization()
    {
        _fake.RespondJson("GET", "/api/v1/health", 200, Samples.ControlPlaneHealth(12));
        using var client = new ControlPlaneClient(_fake.Url);

        var health = await client.GetHealthAsync();

        Assert.Equal(12, health.TableVersion);
        Assert.False(Assert.Single(_fake.Requests).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task ListTenantsAsync_LimitAndAfter_PassedAsQuery()
    {
        _fake.RespondJson("GET", "/api/v1/tenants", 200, new Page<TenantView>([Samples.Tenant("b")], "b", 5));
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var page = await client.ListTenantsAsync(limit: 1, after: "a");

        Assert.Equal("?limit=1&after=a", Assert.Single(_fake.Requests).Query);
        Assert.Equal("b", page.Next);
    }

    [Fact]
    public async Task ListAllTenantsAsync_SeveralPages_FollowsNextUntilNull()
    {
        // The fake answers the same page every time: the client must stop when Next is null.
        _fake.RespondJson("GET", "/api/v1/tenants", 200, new Page<TenantView>([Samples.Tenant("a"), Samples.Tenant("b")], null, 2));
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var all = new List<TenantView>();
        await foreach (var tenant in client.ListAllTenantsAsync(pageSize: 2))
        {
            all.Add(tenant);
        }

        Assert.Equal(["a", "b"], all.Select(t => t.Id));
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task GetCellAsync_PlainTextError_UsesReasonPhraseAndBody()
    {
        _fake.Respond("GET", "/api/v1/cells/c1", 500, "database is locked", "text/plain");
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => client.GetCellAsync("c1"));

        Assert.Equal("Internal Server Error", ex.Title);
        Assert.Equal("database is locked", ex.Detail);
    }

    [Fact]
    public async Task GetCellAsync_ValidationProblem_IncludesFieldErrors()
    {
        _fake.Respond("GET", "/api/v1/cells/c1", 400, """{"title":"Invalid input","status":400,"errors":{"capacity":["must be positive"]}}""", "application/problem+json");
        using var client = new ControlPlaneClient(_fake.Url, FakeControlPlane.Credential);

        var ex = await Assert.ThrowsAsync<ControlPlaneException>(() => client.GetCellAsync("c1"));

        Assert.Equal("capacity: must be positive", ex.Detail);
    }

    [Fact]
    public async Task ListCellsAsync_NothingListening_ThrowsUnreachable()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Get()}");
        using var client = new ControlPlaneClient(url);

        var ex = await Assert.ThrowsAsync<ControlPlaneUnreachableException>(() => client.ListCellsAsync());

        Assert.Equal(url, ex.ApiUrl);
    }
}
