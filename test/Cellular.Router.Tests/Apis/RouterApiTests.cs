using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Cellular.Router.Tests.Infrastructure.Http;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Apis;

/// <summary><c>/_router/stats</c>, <c>/_router/limits</c> and <c>/metrics</c> on a running router.</summary>
public sealed class RouterApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly long StartMs = Start.ToUnixTimeMilliseconds();

    private BackendServer _cell = null!;

    public async Task InitializeAsync() => _cell = await BackendServer.StartAsync("c1");

    public async Task DisposeAsync() => await _cell.DisposeAsync();

    [Fact]
    public async Task Stats_KnownSequenceWithManualClock_ExactNumbersPerSecond()
    {
        var time = new FakeTimeProvider(Start);
        await using var router = await RouterHost.StartAsync(time: time);
        router.Apply(Create(9, [Cell("c1", _cell.Url), Cell("c9", FreePort.DeadUrl())], [Tenant("acme", "c1"), Tenant("globex", "c1"), Tenant("doomed", "c9")]));

        // Second 0: four successes on c1, two requests that reach no cell.
        await SendAsync(router, "acme", HttpStatusCode.OK, times: 3);
        await SendAsync(router, "globex", HttpStatusCode.OK);
        await SendAsync(router, "nobody", HttpStatusCode.NotFound);
        await SendAsync(router, null, HttpStatusCode.BadRequest);

        // Second 1: c9 does not answer twice (its circuit stays closed: that takes three), c1 answers once.
        time.Advance(TimeSpan.FromSeconds(1));
        await SendAsync(router, "doomed", HttpStatusCode.ServiceUnavailable, times: 2);
        await SendAsync(router, "acme", HttpStatusCode.OK);

        // A forwarded request is counted right after its response is sent: wait for the last one.
        await RouterHost.WaitUntilAsync(async () => (await StatsAsync(router, "")).Cells.Sum(c => c.Requests) == 9);
        var first = await StatsAsync(router, $"?from={StartMs}&to={StartMs + 1000}");
        var second = await StatsAsync(router, $"?from={StartMs + 1000}&to={StartMs + 2000}");
        var recent = await StatsAsync(router, "");

        Assert.Equal((StartMs, StartMs + 1000, 9L), (first.From, first.To, first.TableVersion));
        Assert.Equal(["c1", "c9", "none"], first.Cells.Select(c => c.Cell));
        var c1 = first.Cells[0];
        Assert.Equal((4L, 4L, 2), (c1.Requests, c1.Successes, c1.TenantsSeen));
        Assert.Equal(new RouterErrorCounts(0, 0, 0, 0, 0, 0), c1.Errors);
        Assert.Empty(c1.TenantsWithErrors);
        Assert.Equal(0, first.Cells[1].Requests);
        var none = first.Cells[2];
        Assert.Equal((2L, 0L, 2L), (none.Requests, none.Successes, none.Errors.NoRoute));
        Assert.Equal(["nobody"], none.TenantsWithErrors);
        Assert.Equal(1, none.TenantsWithErrorsCount);

        Assert.Equal(["c1", "c9"], second.Cells.Select(c => c.Cell));
        Assert.Equal((1L, 1L), (second.Cells[0].Requests, second.Cells[0].Successes));
        var c9 = second.Cells[1];
        Assert.Equal((2L, 0L, 2L), (c9.Requests, c9.Successes, c9.Errors.CellDown));
        Assert.Equal(["doomed"], c9.TenantsWithErrors);

        Assert.Equal(StartMs - 8000, recent.From);
        Assert.Equal(StartMs + 2000, recent.To);
        Assert.Equal(5, recent.Cells.Single(c => c.Cell == "c1").Requests);

        // The manual clock stands still, so every latency is 0.
        Assert.Equal((0.0, 0.0), (c1.P50Ms, c1.P99Ms));
    }

    [Theory]
    [InlineData("?from=yesterday")]
    [InlineData("?to=-5")]
    [InlineData("?from=2000&to=1000")]
    public async Task Stats_BadRange_400Problem(string query)
    {
        await using var router = await RouterHost.StartAsync();

        using var response = await router.Client.GetAsync("/_router/stats" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Limits_GlobalAndOverrides_EffectiveValuesPerCell()
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?>
        {
            ["UpstreamTimeout"] = "00:00:20",
            ["CellConcurrencyLimit"] = "100",
            ["Cells:c1:UpstreamTimeout"] = "00:00:01.5",
            ["Cells:c1:ConcurrencyLimit"] = "7",
            ["Cells:c3:ConcurrencyLimit"] = "3",
            ["TenantRateLimit:PermitsPerSecondPerWeight"] = "50",
            ["CircuitBreaker:BreakDuration"] = "00:00:08",
        });
        router.Apply(Create(1, [Cell("c1", _cell.Url), Cell("c2", _cell.Url)], []));

        using var response = await router.Client.GetAsync("/_router/limits");
        var json = await response.Content.ReadAsStringAsync();
        var limits = JsonSerializer.Deserialize(json, CellularJsonContext.Default.RouterLimits)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((20_000L, 2_000L, 100, 1_000L), (limits.UpstreamTimeoutMs, limits.ConnectTimeoutMs, limits.CellConcurrencyLimit, limits.ShedRetryAfterMs));
        Assert.Equal(new RouterTenantRateLimit(true, 50, 2, 65_536, 0), limits.TenantRateLimit);
        Assert.Equal(new RouterCircuitBreakerLimits(true, 3, 0.5, 20, 10_000, 8_000), limits.CircuitBreaker);
        Assert.Equal(
            [
                new RouterCellLimits("c1", 1_500, 7, true, 0, "closed"),
                new RouterCellLimits("c2", 20_000, 100, false, 0, "closed"),
                new RouterCellLimits("c3", 20_000, 3, true, 0, "closed"),
            ],
            limits.Cells);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(1_500, document.RootElement.GetProperty("cells")[0].GetProperty("upstreamTimeoutMs").GetInt64());
        Assert.True(document.RootElement.GetProperty("tenantRateLimit").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Metrics_AfterRequests_PrometheusTextWithCellLabelOnEverySeries()
    {
        await using var router = await RouterHost.StartAsync();
        router.Apply(Create(1, [Cell("c1", _cell.Url)], [Tenant("acme", "c1")]));
        await SendAsync(router, "acme", HttpStatusCode.OK);
        await SendAsync(router, "nobody", HttpStatusCode.NotFound);

        var text = "";
        await RouterHost.WaitUntilAsync(async () =>
        {
            text = await router.Client.GetStringAsync("/metrics");
            return text.Contains("outcome=\"no_route\"", StringComparison.Ordinal) && text.Contains("outcome=\"success\"", StringComparison.Ordinal);
        });

        var series = text.Split('\n').Where(line => line.StartsWith("cellular_router_", StringComparison.Ordinal)).ToList();
        Assert.Contains(series, line => line.StartsWith("cellular_router_requests", StringComparison.Ordinal) && line.Contains("cell=\"c1\"", StringComparison.Ordinal) && line.Contains("outcome=\"success\"", StringComparison.Ordinal));
        Assert.Contains(series, line => line.StartsWith("cellular_router_requests", StringComparison.Ordinal) && line.Contains("cell=\"none\"", StringComparison.Ordinal));
        Assert.Contains(series, line => line.StartsWith("cellular_router_request_duration", StringComparison.Ordinal));
        Assert.Contains(series, line => line.StartsWith("cellular_router_cell_in_flight", StringComparison.Ordinal));
        Assert.Contains(series, line => line.StartsWith("cellular_router_table_version", StringComparison.Ordinal) && line.Contains("cell=\"none\"", StringComparison.Ordinal));
        Assert.All(series, line => Assert.Contains("cell=\"", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_PathsOfTheRouter_NotForwarded()
    {
        await using var router = await RouterHost.StartAsync();
        router.Apply(Create(1, [Cell("c1", _cell.Url)], [Tenant("acme", "c1")]));

        using var metrics = await router.Client.SendAsync(Get("/metrics", "acme"));
        using var limits = await router.Client.SendAsync(Get("/_router/limits", "acme"));

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, limits.StatusCode);
        Assert.Empty(_cell.Requests);
    }

    private static async Task SendAsync(RouterHost router, string? tenant, HttpStatusCode expected, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await router.Client.SendAsync(Get("/notes", tenant));
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public async Task StatsAndLimits_AdminTokenSet_OnlyItsHolderReadsThemAndHealthStaysOpen()
    {
        using var dir = new Cellular.Testing.TempDirectory("router-admin");
        var tokenFile = Path.Combine(dir.Path, "router-admin-token");
        await File.WriteAllTextAsync(tokenFile, "s3cret-admin\n");
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["AdminTokenFile"] = tokenFile });

        foreach (var path in new[] { "/_router/stats", "/_router/limits" })
        {
            using var none = await router.Client.GetAsync(new Uri(path, UriKind.Relative));
            using var wrong = await SendWithAsync(router, path, "Bearer s3cret-admin2");
            using var right = await SendWithAsync(router, path, "Bearer s3cret-admin");

            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
            Assert.DoesNotContain("s3cret", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        using var health = await router.Client.GetAsync(new Uri("/_router/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendWithAsync(RouterHost router, string path, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await router.Client.SendAsync(request);
    }

    private static async Task<RouterStats> StatsAsync(RouterHost router, string query) =>
        (await router.Client.GetFromJsonAsync("/_router/stats" + query, CellularJsonContext.Default.RouterStats))!;
}
