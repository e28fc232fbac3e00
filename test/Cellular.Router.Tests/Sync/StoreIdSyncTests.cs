using System.Net;
using Cellular.Core.Routing;
using Cellular.Router.Routing;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Sync;

/// <summary>A router follows the control plane to a new store (a restored or reset database), whatever the versions say.</summary>
public sealed class StoreIdSyncTests : IAsyncLifetime
{
    private BackendServer _old = null!;
    private BackendServer _new = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _old = await BackendServer.StartAsync("old");
        _new = await BackendServer.StartAsync("new");
        _directory = RouterHost.NewDirectory();
    }

    public async Task DisposeAsync()
    {
        await _old.DisposeAsync();
        await _new.DisposeAsync();
        RouterHost.DeleteDirectory(_directory);
    }

    private RoutingTableSnapshot OldStore(long version) => Create(version, [Cell("c1", _old.Url)], [Tenant("acme", "c1")]) with { StoreId = "store-old" };

    private RoutingTableSnapshot NewStore(long version) => Create(version, [Cell("c2", _new.Url)], [Tenant("acme", "c2")]) with { StoreId = "store-new" };

    [Fact]
    public async Task Sync_DiskTableOfAnotherStoreWithHigherVersion_ControlPlaneTableTakenAndWritten()
    {
        await RoutingTableSyncTests.WriteTableFileAsync(_directory, OldStore(50));
        await using var controlPlane = await FakeControlPlane.StartAsync(NewStore(3), deltas: true);

        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = controlPlane.Url }, _directory);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(router.Holder.State.Table.StoreId == "store-new"));

        Assert.Equal(3, router.Holder.State.Table.Version);
        Assert.Equal(TableSource.ControlPlane, router.Holder.State.Source);
        using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("new", Http.Single(response, "X-Backend"));
        await RouterHost.WaitUntilAsync(() => Task.FromResult(RoutingTableFile.Read(File.ReadAllBytes(router.TableFile)).StoreId == "store-new"));

        // And it keeps following the new store's versions from there.
        controlPlane.Publish(NewStore(4));
        await router.WaitForVersionAsync(4);
        Assert.Equal("store-new", router.Holder.State.Table.StoreId);
    }

    [Fact]
    public async Task Sync_DiskTableWithoutStoreAtSameVersion_DownloadedAndStoreAdopted()
    {
        await RoutingTableSyncTests.WriteTableFileAsync(_directory, OldStore(3) with { StoreId = null });
        await using var controlPlane = await FakeControlPlane.StartAsync(NewStore(3));

        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = controlPlane.Url }, _directory);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(router.Holder.State.Table.StoreId == "store-new"));

        using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));
        Assert.Equal("new", Http.Single(response, "X-Backend"));
    }

    [Fact]
    public async Task Sync_SameStoreOlderVersion_StillIgnored()
    {
        await RoutingTableSyncTests.WriteTableFileAsync(_directory, OldStore(50));
        await using var controlPlane = await FakeControlPlane.StartAsync(OldStore(3) with { Cells = [Cell("c1", _new.Url)] });

        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = controlPlane.Url }, _directory);
        await RouterHost.WaitUntilAsync(async () => (await router.HealthAsync()).LastError?.Contains("older", StringComparison.Ordinal) == true);

        Assert.Equal(50, router.Holder.State.Table.Version);
    }

    [Fact]
    public async Task Sync_DeltaFromAnotherStore_FullTableFetchedAndTaken()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync(OldStore(5), deltas: true);
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = controlPlane.Url }, _directory);
        await router.WaitForVersionAsync(5);

        // The store was replaced: its delta from 5 names the new store.
        var delta = new RoutingTableDelta(RoutingTableDelta.CurrentFormat, 5, 6, DateTimeOffset.UnixEpoch, FallbackSpec.Reject, [Cell("c2", _new.Url)], [Tenant("acme", "c2")], [], "store-new");
        controlPlane.Publish(NewStore(6), delta);

        await RouterHost.WaitUntilAsync(() => Task.FromResult(router.Holder.State.Table.StoreId == "store-new"));
        Assert.Equal(6, router.Holder.State.Table.Version);
    }
}
