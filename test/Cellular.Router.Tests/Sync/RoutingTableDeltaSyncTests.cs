using System.Net;
using System.Net.Http.Json;
using Cellular.Core.Routing;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Sync;

/// <summary>Incremental table sync (<c>/api/v1/routing-table/delta</c>) against a fake control plane on a real loopback port.</summary>
public sealed class RoutingTableDeltaSyncTests : IAsyncLifetime
{
    private BackendServer _c1 = null!;
    private BackendServer _c2 = null!;
    private FakeControlPlane _controlPlane = null!;

    public async Task InitializeAsync()
    {
        _c1 = await BackendServer.StartAsync("c1");
        _c2 = await BackendServer.StartAsync("c2");
    }

    public async Task DisposeAsync()
    {
        if (_controlPlane is not null)
        {
            await _controlPlane.DisposeAsync();
        }

        await _c1.DisposeAsync();
        await _c2.DisposeAsync();
    }

    [Fact]
    public async Task Delta_TenantMoved_AppliedFromTheDeltaWithoutAnotherFullFetch()
    {
        await using var router = await StartAsync(deltas: true);
        await WaitForDeltaPollAsync(3);

        _controlPlane.Publish(
            Table(4, Tenant("acme", "c2", epoch: 2), Tenant("globex", "c1")),
            Delta(3, 4, [Tenant("acme", "c2", epoch: 2), Tenant("globex", "c1")]));
        await router.WaitForVersionAsync(4);

        var acme = await SendAsync(router, "acme");
        Assert.Equal(("c2", "2"), (acme.Backend, acme.Header("X-Tenant-Epoch")));
        Assert.Equal("c1", (await SendAsync(router, "globex")).Backend);
        var health = await router.HealthAsync();
        Assert.Equal((4L, 2, "control-plane"), (health.TableVersion, health.Tenants, health.TableSource));
        await WaitForDeltaPollAsync(4);
        Assert.Equal(1, _controlPlane.FullTableRequests);
        Assert.Contains($"{FakeControlPlane.DeltaPath}?since=3&wait=2", Log());
    }

    [Fact]
    public async Task Delta_Chained_RemovalAndPinFollowTheEarlierMove()
    {
        await using var router = await StartAsync(deltas: true);
        await WaitForDeltaPollAsync(3);
        _controlPlane.Publish(Table(4, Tenant("acme", "c2", epoch: 2), Tenant("globex", "c1")), Delta(3, 4, [Tenant("acme", "c2", epoch: 2), Tenant("globex", "c1")]));
        await router.WaitForVersionAsync(4);
        await WaitForDeltaPollAsync(4);

        _controlPlane.Publish(Table(6, Tenant("acme", "c2", epoch: 2, pinned: true)), Delta(4, 6, [Tenant("acme", "c2", epoch: 2, pinned: true)], ["globex"]));
        await router.WaitForVersionAsync(6);

        var table = router.Holder.State.Table;
        Assert.Equal((RouteRule.Pin, "c2", 2L), (table.Lookup("acme").Rule, table.Cells[table.Lookup("acme").CellIndex].Id, table.Lookup("acme").Epoch));
        Assert.Equal(RouteResult.NotFound, table.Lookup("globex"));
        Assert.Equal(1, table.TenantCount);
        using var response = await router.Client.SendAsync(WithTenant("globex"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, _controlPlane.FullTableRequests);
    }

    [Fact]
    public async Task Delta_410_FetchesTheFullTableThenKeepsUsingDeltas()
    {
        await using var router = await StartAsync(deltas: true);
        await WaitForDeltaPollAsync(3);

        // No delta published for version 3: the fake answers 410, like a control plane whose change log does not reach back.
        _controlPlane.Publish(Table(4, Tenant("acme", "c2", epoch: 2)));
        await router.WaitForVersionAsync(4);

        Assert.Equal("c2", (await SendAsync(router, "acme")).Backend);
        Assert.Equal(2, _controlPlane.FullFetches);
        // The last poll for version 3 got the 410; the full fetch came right after it.
        var log = Log();
        Assert.Equal(FakeControlPlane.TablePath, log[log.LastIndexOf($"{FakeControlPlane.DeltaPath}?since=3&wait=2") + 1]);
        await WaitForDeltaPollAsync(4);
        Assert.Null((await router.HealthAsync()).LastError);
    }

    [Theory]
    [InlineData("wrong base version")]
    [InlineData("unknown cell")]
    [InlineData("wrong format")]
    public async Task Delta_ThatDoesNotApply_FetchesTheFullTable(string what)
    {
        await using var router = await StartAsync(deltas: true);
        await WaitForDeltaPollAsync(3);
        var delta = what switch
        {
            "wrong base version" => Delta(2, 4, [Tenant("wrong", "c1")]),
            "unknown cell" => Delta(3, 4, [Tenant("acme", "c9", epoch: 2)]),
            _ => Delta(3, 4, [Tenant("wrong", "c1")]) with { Format = "cellular.routing-table-delta/v0" },
        };

        _controlPlane.Publish(Table(4, Tenant("acme", "c2", epoch: 2)), delta, forSince: 3);
        await router.WaitForVersionAsync(4);

        var table = router.Holder.State.Table;
        Assert.Equal(("c2", 2L), (table.Cells[table.Lookup("acme").CellIndex].Id, table.Lookup("acme").Epoch));
        Assert.Equal(RouteResult.NotFound, table.Lookup("wrong"));
        Assert.Equal(2, _controlPlane.FullFetches);
        Assert.Null((await router.HealthAsync()).LastError);
    }

    [Fact]
    public async Task NoDeltaEndpoint_404_FallsBackToLongPollingTheFullTable()
    {
        await using var router = await StartAsync(deltas: false);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(Log().Contains($"{FakeControlPlane.TablePath}?since=3&wait=2")));

        _controlPlane.Publish(Table(4, Tenant("acme", "c2", epoch: 2)));
        await router.WaitForVersionAsync(4);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(Log().Contains($"{FakeControlPlane.TablePath}?since=4&wait=2")));

        Assert.Equal("c2", (await SendAsync(router, "acme")).Backend);
        Assert.Equal(1, _controlPlane.DeltaRequests);
        Assert.Null((await router.HealthAsync()).LastError);
    }

    [Fact]
    public async Task IncrementalSyncOff_NeverAsksForDeltas()
    {
        await using var router = await StartAsync(deltas: true, new Dictionary<string, string?> { ["IncrementalSync"] = "false" });
        await RouterHost.WaitUntilAsync(() => Task.FromResult(Log().Contains($"{FakeControlPlane.TablePath}?since=3&wait=2")));

        _controlPlane.Publish(Table(4, Tenant("acme", "c2", epoch: 2)), Delta(3, 4, [Tenant("acme", "c2", epoch: 2)]));
        await router.WaitForVersionAsync(4);

        Assert.Equal(0, _controlPlane.DeltaRequests);
    }

    [Fact]
    public async Task DiskTableVersion_ReachesTheVersionOfAnAppliedDeltaAndTheFileHoldsIt()
    {
        await using var router = await StartAsync(deltas: true);
        await WaitForDeltaPollAsync(3);
        await RouterHost.WaitUntilAsync(async () => (await router.HealthAsync()).DiskTableVersion == 3);

        _controlPlane.Publish(
            Table(4, Tenant("acme", "c2", epoch: 2), Tenant("globex", "c1")),
            Delta(3, 4, [Tenant("acme", "c2", epoch: 2), Tenant("globex", "c1")]));
        await router.WaitForVersionAsync(4);
        await RouterHost.WaitUntilAsync(async () => (await router.HealthAsync()).DiskTableVersion == 4);

        var onDisk = RoutingTableFile.Read(await File.ReadAllBytesAsync(router.TableFile));
        Assert.Equal(4, onDisk.Version);
        Assert.Equal(("c2", 2L), (onDisk.Cells[onDisk.Lookup("acme").CellIndex].Id, onDisk.Lookup("acme").Epoch));
        Assert.Equal("c1", onDisk.Cells[onDisk.Lookup("globex").CellIndex].Id);
        Assert.False(File.Exists(router.TableFile + ".tmp"));
        Assert.Equal(1, _controlPlane.FullTableRequests);
    }

    [Fact]
    public async Task DiskTableVersion_TableLoadedFromDiskAndConfirmed_ReportsTheFilesVersion()
    {
        var directory = RouterHost.NewDirectory();
        try
        {
            await RoutingTableSyncTests.WriteTableFileAsync(directory, Table(3, Tenant("acme", "c1")));
            await using var router = await StartAsync(deltas: true, directory: directory);
            await WaitForDeltaPollAsync(3);

            var health = await router.HealthAsync();

            Assert.Equal(("control-plane", 3L), (health.TableSource, health.TableVersion));
            Assert.Equal(3, health.DiskTableVersion);
        }
        finally
        {
            RouterHost.DeleteDirectory(directory);
        }
    }

    private RoutingTableSnapshot Table(long version, params TenantRouteSpec[] tenants) =>
        Create(version, [Cell("c1", _c1.Url), Cell("c2", _c2.Url)], tenants);

    private RoutingTableDelta Delta(long from, long to, IReadOnlyList<TenantRouteSpec> upserts, IReadOnlyList<string>? removals = null) =>
        new(RoutingTableDelta.CurrentFormat, from, to, DateTimeOffset.UnixEpoch.AddSeconds(to), FallbackSpec.Reject, [Cell("c1", _c1.Url), Cell("c2", _c2.Url)], upserts, removals ?? []);

    private static TenantRouteSpec Tenant(string id, string cell, long epoch = 1, bool pinned = false) => Snapshots.Tenant(id, cell, epoch, pinned);

    /// <summary>Starts the control plane at version 3 (acme in c1) and a router syncing from it.</summary>
    private async Task<RouterHost> StartAsync(bool deltas, Dictionary<string, string?>? settings = null, string? directory = null)
    {
        _controlPlane = await FakeControlPlane.StartAsync(Table(3, Tenant("acme", "c1")), deltas: deltas);
        settings ??= [];
        settings["ControlPlaneUrl"] = _controlPlane.Url;
        var router = await RouterHost.StartAsync(settings, directory);
        await router.WaitForVersionAsync(3);
        return router;
    }

    /// <summary>Waits until the router long-polls for the changes after <paramref name="version"/>.</summary>
    private Task WaitForDeltaPollAsync(long version) =>
        RouterHost.WaitUntilAsync(() => Task.FromResult(Log().Contains($"{FakeControlPlane.DeltaPath}?since={version}&wait=2")));

    private List<string> Log()
    {
        lock (_controlPlane.RequestLog)
        {
            return [.. _controlPlane.RequestLog];
        }
    }

    private static async Task<SeenRequest> SendAsync(RouterHost router, string tenant)
    {
        using var response = await router.Client.SendAsync(WithTenant(tenant));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SeenRequest>())!;
    }

    private static HttpRequestMessage WithTenant(string tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Tenant-Id", tenant);
        return request;
    }
}
