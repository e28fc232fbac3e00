using System.Net;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Sync;

/// <summary>Table sync against two fake control-plane replicas on real loopback ports.</summary>
public sealed class ControlPlaneFailoverTests : IAsyncLifetime
{
    private BackendServer _cell = null!;
    private FakeControlPlane _first = null!;
    private FakeControlPlane _second = null!;

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _first = await FakeControlPlane.StartAsync(OneTenant(3, _cell.Url));
        _second = await FakeControlPlane.StartAsync(OneTenant(3, _cell.Url));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task Sync_TwoReplicasUp_LongPollsTheFirstOnly()
    {
        await using var router = await StartRouterAsync(_first.Url, _second.Url);

        await router.WaitForVersionAsync(3);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(_first.RequestLog.Any(r => r.Contains("since=3", StringComparison.Ordinal))));

        var health = await router.HealthAsync();
        Assert.Equal((_first.Url.TrimEnd('/'), 0L), (health.ControlPlane, health.ControlPlaneFailovers));
        Assert.DoesNotContain(_second.RequestLog, r => r.Contains("routing-table", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_FirstReplicaDown_TakesTheTableFromTheSecond()
    {
        var dead = FreePort.DeadUrl();
        await using var router = await StartRouterAsync(dead, _second.Url);

        await router.WaitForVersionAsync(3, TimeSpan.FromSeconds(10));

        var health = await router.HealthAsync();
        Assert.Equal(_second.Url.TrimEnd('/'), health.ControlPlane);
        Assert.True(health.ControlPlaneFailovers >= 1);
        Assert.Contains("cannot connect", health.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_LongPolledReplicaDies_MovesToTheOtherAndAChangeThereArrives()
    {
        await using var router = await StartRouterAsync(_first.Url, _second.Url);
        await router.WaitForVersionAsync(3);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(_first.RequestLog.Any(r => r.Contains("since=3", StringComparison.Ordinal))));

        await _first.DisposeAsync();
        _second.Publish(Create(4, [Cell("c1", _cell.Url)], [Tenant("acme", "c1", epoch: 2), Tenant("globex", "c1")]));

        await router.WaitForVersionAsync(4, TimeSpan.FromSeconds(5));
        var health = await router.HealthAsync();
        Assert.Equal((_second.Url.TrimEnd('/'), 1L, "Healthy"), (health.ControlPlane, health.ControlPlaneFailovers, health.Status));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Tenant-Id", "globex");
        using var response = await router.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Sync_ReplicaAnswersServerError_MovesToTheNext(int status)
    {
        _first.FailWith = status;
        _second.Publish(Create(5, [Cell("c1", _cell.Url)], [Tenant("acme", "c1")]));
        await using var router = await StartRouterAsync(_first.Url, _second.Url);

        await router.WaitForVersionAsync(5, TimeSpan.FromSeconds(10));

        Assert.Equal(_second.Url.TrimEnd('/'), (await router.HealthAsync()).ControlPlane);
        Assert.Contains($"answered {status}", (await router.HealthAsync()).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_BothReplicasFailInTurn_GoesRoundAndComesBackToTheFirst()
    {
        await using var router = await StartRouterAsync(_first.Url, _second.Url);
        await router.WaitForVersionAsync(3);

        _first.FailWith = 503;
        _second.Publish(Create(4, [Cell("c1", _cell.Url)], [Tenant("acme", "c1")]));
        await router.WaitForVersionAsync(4, TimeSpan.FromSeconds(10));

        _first.FailWith = 0;
        _second.FailWith = 503;
        _first.Publish(Create(6, [Cell("c1", _cell.Url)], [Tenant("acme", "c1")]));
        await router.WaitForVersionAsync(6, TimeSpan.FromSeconds(10));

        var health = await router.HealthAsync();
        Assert.Equal((_first.Url.TrimEnd('/'), 2L), (health.ControlPlane, health.ControlPlaneFailovers));
    }

    private static Task<RouterHost> StartRouterAsync(params string[] urls)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < urls.Length; i++)
        {
            settings[$"ControlPlaneUrls:{i}"] = urls[i];
        }

        return RouterHost.StartAsync(settings);
    }
}
