using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Cellular.Router.Forwarding;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Cellular.Router.Tests.Infrastructure.Http;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Forwarding;

/// <summary>
/// A tenant's cutover as the router sees it, against real Kestrel cells: cell A refuses the tenant
/// with 421 (fenced or moved), the table then moves it to cell B with a new epoch.
/// </summary>
public sealed class CutoverTests : IAsyncLifetime
{
    private const string CutoverRequests = "cellular.router.cutover.requests";
    private const string NoteJson = """{"text":"written during the move"}""";

    private OwnershipCell _a = null!;
    private OwnershipCell _b = null!;

    public async Task InitializeAsync()
    {
        _a = await OwnershipCell.StartAsync("cut-a");
        _b = await OwnershipCell.StartAsync("cut-b");
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();

        // Every request, first tries and retries on the new owner alike, carried a valid assertion for the cell it reached.
        Assert.Equal(0, _a.Unauthorized);
        Assert.Equal(0, _b.Unauthorized);
    }

    [Fact]
    public async Task Forward_CellFencedThenControlPlaneMovesTenant_PostGets201FromNewOwnerAfterHold()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync(OnA(10));
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = controlPlane.Url });
        await router.WaitForVersionAsync(10);
        using var metrics = new MetricCapture(router.Services);
        var hold = router.Services.GetRequiredService<CutoverHold>();
        _a.Refuse("acme");
        var clock = Stopwatch.StartNew();

        var sending = router.Client.SendAsync(PostNote());
        await RouterHost.WaitUntilAsync(() => Task.FromResult(hold.Held == 1));
        await Task.Delay(200);
        controlPlane.Publish(OnB(11));
        using var response = await sending;

        clock.Stop();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<CellEcho>();
        Assert.Equal("cut-b", echo!.Cell);
        Assert.Equal(NoteJson, echo.Body);
        Assert.Equal("acme", echo.Tenant);
        Assert.Equal("5", echo.Epoch);
        Assert.Equal("cut-b", Single(response, "X-Cell-Id"));
        Assert.Equal("assignment; v=11", Single(response, "X-Cell-Route"));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2.5));
        Assert.Empty(_a.Accepted);
        Assert.Equal(1, _a.Refusals);
        Assert.Equal(0, hold.Held);
        Assert.Equal(1, metrics.Sum(CutoverRequests, ("cell", "cut-a"), ("outcome", "retried_ok")));
        Assert.Equal(1, metrics.Sum("cellular.router.requests", ("cell", "cut-b"), ("outcome", "success")));
        Assert.Equal(0, metrics.Sum("cellular.router.requests", ("cell", "cut-a")));
    }

    [Fact]
    public async Task Forward_TableNeverMovesTenant_503MovingAfterHoldTimeoutAndNoSecondWrite()
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Cutover:HoldTimeout"] = "00:00:00.5" });
        router.Apply(OnA(10));
        using var metrics = new MetricCapture(router.Services);
        _a.Refuse("acme");
        var clock = Stopwatch.StartNew();

        using var response = await router.Client.SendAsync(PostNote());

        clock.Stop();
        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Tenant moving", problem.GetProperty("title").GetString());
        Assert.Contains("Tenant 'acme' is moving; try again.", problem.GetProperty("detail").GetString());
        Assert.Equal("acme", problem.GetProperty("tenant").GetString());
        Assert.Equal(1000, AssertRetryAfter(response, problem));
        Assert.Equal("cut-a", Single(response, "X-Cell-Id"));
        Assert.Equal("assignment; v=10", Single(response, "X-Cell-Route"));
        Assert.False(response.Headers.Contains("X-Cellular-Owner"));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(3));
        Assert.Equal(1, _a.Refusals);
        Assert.Empty(_a.Accepted);
        Assert.Empty(_b.Accepted);
        Assert.Equal(1, metrics.Sum(CutoverRequests, ("cell", "cut-a"), ("outcome", "hold_timeout")));
        Assert.Equal(1, metrics.Sum("cellular.router.requests", ("cell", "cut-a"), ("outcome", "moving")));
        var stats = await router.Client.GetFromJsonAsync("/_router/stats", CellularJsonContext.Default.RouterStats);
        var cellA = stats!.Cells.Single(c => c.Cell == "cut-a");
        Assert.Equal(1, cellA.Errors.Moving);
        Assert.Equal(["acme"], cellA.TenantsWithErrors);

        var text = "";
        await RouterHost.WaitUntilAsync(async () =>
        {
            text = await router.Client.GetStringAsync("/metrics");
            return text.Contains("outcome=\"hold_timeout\"", StringComparison.Ordinal);
        });
        var series = text.Split('\n').Where(line => line.StartsWith("cellular_router_cutover_", StringComparison.Ordinal)).ToList();
        Assert.Contains(series, line => line.StartsWith("cellular_router_cutover_requests_total{", StringComparison.Ordinal) && line.Contains("cell=\"cut-a\"", StringComparison.Ordinal));
        Assert.Contains(series, line => line.StartsWith("cellular_router_cutover_hold_duration_seconds_bucket{", StringComparison.Ordinal) && line.Contains("cell=\"cut-a\"", StringComparison.Ordinal));
        Assert.Contains(series, line => line.StartsWith("cellular_router_cutover_held{", StringComparison.Ordinal) && line.Contains("cell=\"none\"", StringComparison.Ordinal));
        Assert.All(series, line => Assert.Contains("cell=\"", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forward_MovedCellNamesOwnerTableAlreadyNewer_RetriesAtOnce()
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Cutover:HoldTimeout"] = "00:00:10" });
        router.Apply(OnA(10));
        using var metrics = new MetricCapture(router.Services);
        _a.Refuse("acme", owner: "cut-b");

        // The table moves while the request is at cell A: when the 421 arrives it already names B.
        _a.BeforeRefusing = () => router.Apply(OnB(11));
        var clock = Stopwatch.StartNew();

        using var response = await router.Client.SendAsync(PostNote());

        clock.Stop();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("cut-b", Single(response, "X-Cell-Id"));
        Assert.False(response.Headers.Contains("X-Cellular-Owner"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Equal(NoteJson, Assert.Single(_b.Accepted).Body);
        Assert.Equal(1, metrics.Sum(CutoverRequests, ("cell", "cut-a"), ("outcome", "retried_ok")));
    }

    [Fact]
    public async Task Forward_UnrelatedTableChangeDuringHold_KeepsHoldingUntilTenantMoves()
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Cutover:HoldTimeout"] = "00:00:10" });
        router.Apply(OnA(10));
        var hold = router.Services.GetRequiredService<CutoverHold>();
        _a.Refuse("acme", owner: "cut-b");

        var sending = router.Client.SendAsync(Get("/notes", tenant: "acme"));
        await RouterHost.WaitUntilAsync(() => Task.FromResult(hold.Held == 1));
        router.Apply(OnA(11));
        await Task.Delay(150);

        Assert.False(sending.IsCompleted);
        Assert.Equal(1, hold.Held);
        Assert.Equal(1, _a.Refusals);

        router.Apply(OnB(12));
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("assignment; v=12", Single(response, "X-Cell-Route"));
        var echo = Assert.Single(_b.Accepted);
        Assert.Equal("GET", echo.Method);
        Assert.Equal("5", echo.Epoch);
        Assert.Equal(1, _a.Refusals);
    }

    [Fact]
    public async Task Forward_MaxHeldRequestsReached_503AtOnceWhileHeldOneIsRetried()
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?>
        {
            ["Cutover:HoldTimeout"] = "00:00:10",
            ["Cutover:MaxHeldRequests"] = "1",
        });
        router.Apply(OnA(10));
        using var metrics = new MetricCapture(router.Services);
        var hold = router.Services.GetRequiredService<CutoverHold>();
        _a.Refuse("acme");
        var first = router.Client.SendAsync(PostNote());
        await RouterHost.WaitUntilAsync(() => Task.FromResult(hold.Held == 1));
        var clock = Stopwatch.StartNew();

        using var second = await router.Client.SendAsync(PostNote());

        clock.Stop();
        var problem = await AssertProblemAsync(second, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Tenant moving", problem.GetProperty("title").GetString());
        Assert.Contains("1 requests are already waiting", problem.GetProperty("detail").GetString());
        AssertRetryAfter(second, problem);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(1, metrics.Sum(CutoverRequests, ("cell", "cut-a"), ("outcome", "hold_full")));

        router.Apply(OnB(11));
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.Created, firstResponse.StatusCode);
        Assert.Single(_b.Accepted);
        Assert.Empty(_a.Accepted);
    }

    [Fact]
    public async Task Forward_ContentLengthOverBufferLimit_503NotRetried()
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Cutover:MaxBufferedBodyBytes"] = "1024" });
        router.Apply(OnA(10));
        using var metrics = new MetricCapture(router.Services);
        _a.Refuse("acme", owner: "cut-b");
        _a.BeforeRefusing = () => router.Apply(OnB(11));

        using var response = await router.Client.SendAsync(PostNote(Note(4096)));

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("too large to send again", problem.GetProperty("detail").GetString());
        AssertRetryAfter(response, problem);
        Assert.Equal("cut-a", Single(response, "X-Cell-Id"));
        Assert.Empty(_b.Accepted);
        Assert.Equal(1, metrics.Sum(CutoverRequests, ("cell", "cut-a"), ("outcome", "body_too_large")));
    }

    [Fact]
    public async Task Forward_ChunkedBodyReadPastBufferLimit_503NotRetried()
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Cutover:MaxBufferedBodyBytes"] = "1024" });
        router.Apply(OnA(10));
        _a.Refuse("acme", owner: "cut-b");
        _a.ReadBodyBeforeRefusing = true;
        _a.BeforeRefusing = () => router.Apply(OnB(11));
        var request = PostNote(Note(64 * 1024));
        request.Headers.TransferEncodingChunked = true;

        using var response = await router.Client.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("too large to send again", problem.GetProperty("detail").GetString());
        Assert.Empty(_b.Accepted);
    }

    [Fact]
    public async Task Forward_ChunkedBodyFullyReadByRefusingCell_ReplayedIntactToNewOwner()
    {
        await using var router = await RouterHost.StartAsync();
        router.Apply(OnA(10));
        _a.Refuse("acme", owner: "cut-b");
        _a.ReadBodyBeforeRefusing = true;
        _a.BeforeRefusing = () => router.Apply(OnB(11));
        var note = Note(100 * 1024);
        var request = PostNote(note);
        request.Headers.TransferEncodingChunked = true;

        using var response = await router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(note, Assert.Single(_b.Accepted).Body);
    }

    [Fact]
    public async Task Forward_LargeBodyRefusedBeforeItWasRead_ReplayedIntactToNewOwner()
    {
        await using var router = await RouterHost.StartAsync();
        router.Apply(OnA(10));
        _a.Refuse("acme", owner: "cut-b");
        _a.BeforeRefusing = () => router.Apply(OnB(11));
        var note = Note(900 * 1024);

        using var response = await router.Client.SendAsync(PostNote(note));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(note, Assert.Single(_b.Accepted).Body);
        Assert.Empty(_a.Accepted);
    }

    [Fact]
    public async Task Forward_NewOwnerRefusesToo_503MovingWithoutThirdAttempt()
    {
        await using var router = await RouterHost.StartAsync();
        router.Apply(OnA(10));
        using var metrics = new MetricCapture(router.Services);
        _a.Refuse("acme", owner: "cut-b");
        _b.Refuse("acme");
        _a.BeforeRefusing = () => router.Apply(OnB(11));

        using var response = await router.Client.SendAsync(PostNote());

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("and so did cell cut-b", problem.GetProperty("detail").GetString());
        Assert.Equal("cut-b", Single(response, "X-Cell-Id"));
        Assert.Equal("assignment; v=11", Single(response, "X-Cell-Route"));
        Assert.Equal(1, _a.Refusals);
        Assert.Equal(1, _b.Refusals);
        Assert.Equal(1, metrics.Sum(CutoverRequests, ("cell", "cut-a"), ("outcome", "retried_failed")));
        Assert.Equal(1, metrics.Sum("cellular.router.requests", ("cell", "cut-b"), ("outcome", "moving")));
    }

    [Fact]
    public async Task Forward_TenantMovedToCellThatIsNotServing_RetryAnswersNotServing()
    {
        await using var router = await RouterHost.StartAsync();
        router.Apply(OnA(10));
        _a.Refuse("acme", owner: "cut-b");
        _a.BeforeRefusing = () => router.Apply(Create(
            11,
            [Cell("cut-a", _a.Url), Cell("cut-b", _b.Url, Cellular.Core.Model.CellState.Unhealthy)],
            [Tenant("acme", "cut-b", epoch: 5)]));

        using var response = await router.Client.SendAsync(PostNote());

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Cell not serving", problem.GetProperty("title").GetString());
        Assert.Equal("cut-b", Single(response, "X-Cell-Id"));
        Assert.Empty(_b.Accepted);
    }

    private RoutingTableSnapshot OnA(long version) =>
        Create(version, [Cell("cut-a", _a.Url), Cell("cut-b", _b.Url)], [Tenant("acme", "cut-a", epoch: 4), Tenant("globex", "cut-b")]);

    private RoutingTableSnapshot OnB(long version) =>
        Create(version, [Cell("cut-a", _a.Url), Cell("cut-b", _b.Url)], [Tenant("acme", "cut-b", epoch: 5), Tenant("globex", "cut-b")]);

    private static HttpRequestMessage PostNote(string json = NoteJson)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Tenant-Id", "acme");
        return request;
    }

    /// <summary>A note JSON document of about <paramref name="bytes"/> bytes, with varying content so a misplaced chunk shows.</summary>
    private static string Note(int bytes)
    {
        var text = new StringBuilder(bytes);
        for (var i = 0; text.Length < bytes - 20; i++)
        {
            text.Append(i).Append(' ');
        }

        return $$"""{"text":"{{text}}"}""";
    }
}
