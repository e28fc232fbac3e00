using System.Diagnostics;
using System.Net;
using Cellular.Router.Containment;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static Cellular.Router.Tests.Infrastructure.Http;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Containment;

/// <summary>Circuits, per-cell timeouts, shedding and tenant rate limits, through a real router and real backends.</summary>
public sealed class FailureContainmentTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private BackendServer _healthy = null!;

    public async Task InitializeAsync() => _healthy = await BackendServer.StartAsync("healthy");

    public async Task DisposeAsync() => await _healthy.DisposeAsync();

    [Fact]
    public async Task Circuit_ConsecutiveConnectFailures_OpensOnlyForThatCell()
    {
        await using var router = await RouterHost.StartAsync(time: _time);
        router.Apply(Create(1, [Cell("dead", FreePort.DeadUrl()), Cell("fine", _healthy.Url)], [Tenant("acme", "dead"), Tenant("globex", "fine")]));

        for (var i = 0; i < 3; i++)
        {
            using var failed = await router.Client.SendAsync(Get("/", "acme"));
            var notAnswering = await AssertProblemAsync(failed, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Cell not answering", notAnswering.GetProperty("title").GetString());
        }

        var clock = Stopwatch.StartNew();
        using var refused = await router.Client.SendAsync(Get("/", "acme"));
        clock.Stop();

        var problem = await AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Cell circuit open", problem.GetProperty("title").GetString());
        Assert.Equal("dead", Single(refused, "X-Cell-Id"));
        Assert.Equal("dead", problem.GetProperty("cell").GetString());
        Assert.Equal(5000, AssertRetryAfter(refused, problem));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");

        using var other = await router.Client.SendAsync(Get("/", "globex"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("fine", Single(other, "X-Cell-Id"));
        Assert.Equal(CircuitStatus.Closed, Guard(router, "fine").Circuit.Status);
    }

    [Fact]
    public async Task Circuit_HalfOpenProbeSucceeds_ClosesAndServes()
    {
        var port = FreePort.Dead();
        await using var router = await RouterHost.StartAsync(time: _time);
        router.Apply(Create(1, [Cell("c1", $"http://127.0.0.1:{port}")], [Tenant("acme", "c1")]));
        await OpenCircuitAsync(router, "acme");

        // The cell comes back; after the break one probe goes through and closes the circuit.
        var (revived, _) = await TestServer.StartAsync(context => context.Response.WriteAsync("back"), port);
        await using var _ = revived;
        using (var stillOpen = await router.Client.SendAsync(Get("/", "acme")))
        {
            Assert.Equal("Cell circuit open", (await AssertProblemAsync(stillOpen, HttpStatusCode.ServiceUnavailable)).GetProperty("title").GetString());
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        using var probe = await router.Client.SendAsync(Get("/", "acme"));
        using var after = await router.Client.SendAsync(Get("/", "acme"));

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(CircuitStatus.Closed, Guard(router, "c1").Circuit.Status);
    }

    [Fact]
    public async Task Circuit_HalfOpenProbeFails_ReopensForAnotherBreak()
    {
        await using var router = await RouterHost.StartAsync(time: _time);
        router.Apply(Create(1, [Cell("c1", FreePort.DeadUrl())], [Tenant("acme", "c1")]));
        await OpenCircuitAsync(router, "acme");

        _time.Advance(TimeSpan.FromSeconds(5));
        using var probe = await router.Client.SendAsync(Get("/", "acme"));
        using var next = await router.Client.SendAsync(Get("/", "acme"));

        Assert.Equal("Cell not answering", (await AssertProblemAsync(probe, HttpStatusCode.ServiceUnavailable)).GetProperty("title").GetString());
        var problem = await AssertProblemAsync(next, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Cell circuit open", problem.GetProperty("title").GetString());
        Assert.Equal(5000, AssertRetryAfter(next, problem));
    }

    [Fact]
    public async Task UpstreamTimeout_PerCellOverride_HangingCell503WhileOtherCellStaysFast()
    {
        var (hanging, url) = await TestServer.StartAsync(async context => await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted));
        await using var _ = hanging;
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?>
        {
            ["UpstreamTimeout"] = "00:00:30",
            ["Cells:slow:UpstreamTimeout"] = "00:00:00.5",
        });
        router.Apply(Create(1, [Cell("slow", url), Cell("fast", _healthy.Url)], [Tenant("acme", "slow"), Tenant("globex", "fast")]));

        var clock = Stopwatch.StartNew();
        var stuck = Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await router.Client.SendAsync(Get("/", "acme"));
            return (response.StatusCode, Elapsed: clock.Elapsed);
        }).ToList();

        for (var i = 0; i < 5; i++)
        {
            var fastClock = Stopwatch.StartNew();
            using var fast = await router.Client.SendAsync(Get("/", "globex"));
            Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
            Assert.True(fastClock.Elapsed < TimeSpan.FromSeconds(2), $"fast cell took {fastClock.Elapsed} while another cell hung");
        }

        foreach (var (status, elapsed) in await Task.WhenAll(stuck))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.InRange(elapsed, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task ConcurrencyLimit_CellFull_ShedWith503OtherCellServes()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (blocking, url) = await TestServer.StartAsync(async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("done");
        });
        await using var _ = blocking;
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Cells:c1:ConcurrencyLimit"] = "2" });
        router.Apply(Create(1, [Cell("c1", url), Cell("c2", _healthy.Url)], [Tenant("acme", "c1"), Tenant("globex", "c2")]));

        var first = router.Client.SendAsync(Get("/", "acme"));
        var second = router.Client.SendAsync(Get("/", "acme"));
        await RouterHost.WaitUntilAsync(() => Task.FromResult(Guard(router, "c1").InFlight == 2));

        using var shed = await router.Client.SendAsync(Get("/", "acme"));
        using var other = await router.Client.SendAsync(Get("/", "globex"));

        var problem = await AssertProblemAsync(shed, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Cell shedding load", problem.GetProperty("title").GetString());
        Assert.Contains("Cell c1 is shedding load", problem.GetProperty("detail").GetString());
        Assert.Equal("c1", Single(shed, "X-Cell-Id"));
        Assert.Equal(1000, AssertRetryAfter(shed, problem));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        release.SetResult();
        using var firstResponse = await first;
        using var secondResponse = await second;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(0, Guard(router, "c1").InFlight);
    }

    [Fact]
    public async Task TenantRateLimit_NoisyTenant429CellMateUnaffected()
    {
        // 0.1 request/s with 30 s of burst: three at once, then one every ten seconds.
        await using var router = await RouterHost.StartAsync(RateLimit(0.1, 30));
        router.Apply(Create(1, [Cell("c1", _healthy.Url)], [Tenant("noisy", "c1"), Tenant("quiet", "c1")]));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await router.Client.SendAsync(Get("/", "noisy"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.Equal("noisy", problem.GetProperty("tenant").GetString());
                Assert.Equal("c1", Single(response, "X-Cell-Id"));
                Assert.InRange(AssertRetryAfter(response, problem), 1, 10_000);
            }
        }

        using var quiet = await router.Client.SendAsync(Get("/", "quiet"));

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 3).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)), statuses);
        Assert.Equal(HttpStatusCode.OK, quiet.StatusCode);
        Assert.Equal(3, _healthy.Requests.Count(r => r.Header("X-Tenant-Id") == "noisy"));
    }

    [Fact]
    public async Task TenantRateLimit_WeightFromTable_ScalesTheBudget()
    {
        await using var router = await RouterHost.StartAsync(RateLimit(0.1, 30));
        router.Apply(Create(1, [Cell("c1", _healthy.Url)], [new("big", "c1", 1, false, Weight: 4), Tenant("small", "c1")]));

        Assert.Equal(12, await CountOkAsync(router, "big", 20));
        Assert.Equal(3, await CountOkAsync(router, "small", 20));
    }

    [Fact]
    public async Task TenantRateLimit_Disabled_NoLimit()
    {
        var settings = RateLimit(0.1, 30);
        settings["TenantRateLimit:Enabled"] = "false";
        await using var router = await RouterHost.StartAsync(settings);
        router.Apply(Create(1, [Cell("c1", _healthy.Url)], [Tenant("noisy", "c1")]));

        Assert.Equal(10, await CountOkAsync(router, "noisy", 10));
    }

    private static Dictionary<string, string?> RateLimit(double perSecond, double burstSeconds) => new()
    {
        ["TenantRateLimit:PermitsPerSecondPerWeight"] = perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["TenantRateLimit:BurstSeconds"] = burstSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<int> CountOkAsync(RouterHost router, string tenant, int requests)
    {
        var ok = 0;
        for (var i = 0; i < requests; i++)
        {
            using var response = await router.Client.SendAsync(Get("/", tenant));
            ok += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        return ok;
    }

    private static async Task OpenCircuitAsync(RouterHost router, string tenant)
    {
        for (var i = 0; i < 3; i++)
        {
            using var failed = await router.Client.SendAsync(Get("/", tenant));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }
    }

    private static CellGuard Guard(RouterHost router, string cell) =>
        router.Holder.State.Targets.Single(t => t.Cell.Id == cell).Guard;
}
