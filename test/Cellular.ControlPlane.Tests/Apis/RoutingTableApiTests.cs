using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Apis;

public sealed class RoutingTableApiTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cp-table");
    private ControlPlaneApp _app = null!;
    private HttpClient _client = null!;
    private FakeCell _cell = null!;

    public async Task InitializeAsync()
    {
        _app = new ControlPlaneApp(_root.Path);
        _client = _app.Client();
        _cell = await FakeCell.StartAsync("c1");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _cell.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task GetTable_NewStore_ReturnsEmptyVersion1WithETag()
    {
        using var response = await _client.GetAsync("/api/v1/routing-table");

        var snapshot = await response.ReadAsync(CellularJsonContext.Default.RoutingTableSnapshot);
        Assert.Equal((RoutingTableSnapshot.CurrentFormat, 1L, FallbackKind.Reject), (snapshot.Format, snapshot.Version, snapshot.Fallback.Kind));
        Assert.Empty(snapshot.Cells);
        Assert.Empty(snapshot.Tenants);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Mutations_EachCommittedChange_BumpsVersionAndPublishesIt()
    {
        var versions = new List<long> { await _client.GetVersionAsync() };

        await _client.CreateStaticCellAsync(_cell);
        versions.Add(await _client.GetVersionAsync());
        await _client.CreateTenantAsync("""{"id":"acme","weight":2}""");
        versions.Add(await _client.GetVersionAsync());
        (await _client.PostAsync("/api/v1/tenants/acme/pin", null)).Dispose();
        versions.Add(await _client.GetVersionAsync());
        (await _client.PostAsync("/api/v1/cells/c1/drain", null)).Dispose();
        versions.Add(await _client.GetVersionAsync());

        Assert.True(versions.Zip(versions.Skip(1)).All(p => p.Second > p.First), string.Join(", ", versions));
        var snapshot = await _client.GetTableAsync();
        Assert.Equal(new CellRouteSpec("c1", _cell.Endpoint, CellState.Draining), Assert.Single(snapshot.Cells));
        Assert.Equal(new TenantRouteSpec("acme", "c1", 1, true, Weight: 2), Assert.Single(snapshot.Tenants));
        var table = RoutingTable.FromSnapshot(snapshot);
        Assert.Equal(versions[^1], table.Version);
        Assert.Equal(RouteRule.Pin, table.Lookup("acme").Rule);
    }

    [Fact]
    public async Task GetTable_IfNoneMatchCurrent_Returns304()
    {
        var version = await _client.GetVersionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/routing-table");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{version}\""));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal($"\"{version}\"", response.Headers.ETag?.Tag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetTable_IfNoneMatchStale_Returns200()
    {
        var stale = await _client.GetVersionAsync();
        await _client.CreateStaticCellAsync(_cell);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/routing-table");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{stale}\""));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.ReadAsync(CellularJsonContext.Default.RoutingTableSnapshot)).Version > stale);
    }

    [Fact]
    public async Task LongPoll_SinceOlderVersion_Returns200AtOnce()
    {
        await _client.CreateStaticCellAsync(_cell);
        var stopwatch = Stopwatch.StartNew();

        using var response = await _client.GetAsync("/api/v1/routing-table?since=1&wait=30");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True((await response.ReadAsync(CellularJsonContext.Default.RoutingTableSnapshot)).Version > 1);
    }

    [Fact]
    public async Task LongPoll_ChangeWhileWaiting_Returns200WithNewVersion()
    {
        await _client.CreateStaticCellAsync(_cell);
        var since = await _client.GetVersionAsync();

        var poll = _client.GetAsync($"/api/v1/routing-table?since={since}&wait=60");
        await Task.Delay(200);
        Assert.False(poll.IsCompleted);
        await _client.CreateTenantAsync("""{"id":"acme"}""");
        using var response = await poll.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var snapshot = await response.ReadAsync(CellularJsonContext.Default.RoutingTableSnapshot);
        Assert.Equal(since + 1, snapshot.Version);
        Assert.Equal($"\"{snapshot.Version}\"", response.Headers.ETag?.Tag);
        Assert.Contains(snapshot.Tenants, t => t.Id == "acme");
    }

    [Fact]
    public async Task LongPoll_ZeroWaitNoChange_Returns304AtOnce()
    {
        var version = await _client.GetVersionAsync();

        using var response = await _client.GetAsync($"/api/v1/routing-table?since={version}&wait=0");
        using var withoutWait = await _client.GetAsync($"/api/v1/routing-table?since={version}");

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, withoutWait.StatusCode);
    }

    [Theory]
    [InlineData("since=abc", "since")]
    [InlineData("since=-1", "since")]
    [InlineData("since=1&wait=61", "wait")]
    [InlineData("since=1&wait=soon", "wait")]
    [InlineData("wait=5", "wait")]
    [InlineData("since=1&since=2", "since")]
    public async Task GetTable_BadSinceOrWait_Returns400NamingTheParameter(string query, string parameter)
    {
        using var response = await _client.GetAsync($"/api/v1/routing-table?{query}");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"'{parameter}'", detail, StringComparison.Ordinal);
    }
}
