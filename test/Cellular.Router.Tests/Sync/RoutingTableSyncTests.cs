using System.Net;
using System.Text;
using Cellular.Core.Routing;
using Cellular.Router.Routing;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Sync;

/// <summary>Table sync against a fake control plane on a real loopback port.</summary>
public sealed class RoutingTableSyncTests : IAsyncLifetime
{
    private BackendServer _cell = null!;
    private FakeControlPlane _controlPlane = null!;

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _controlPlane = await FakeControlPlane.StartAsync(OneTenant(3, _cell.Url));
    }

    public async Task DisposeAsync()
    {
        await _controlPlane.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task Sync_ControlPlaneServesTable_AppliedServedAndWrittenToDisk()
    {
        await using var router = await StartRouterAsync();

        await router.WaitForVersionAsync(3);

        using var response = await router.Client.SendAsync(WithTenant("/notes", "acme"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TableSource.ControlPlane, router.Holder.State.Source);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(File.Exists(router.TableFile)));
        var onDisk = RoutingTableFile.Read(await File.ReadAllBytesAsync(router.TableFile));
        Assert.Equal(3, onDisk.Version);
        Assert.False(File.Exists(router.TableFile + ".tmp"));

        var health = await router.HealthAsync();
        Assert.Equal("Healthy", health.Status);
        Assert.Equal("control-plane", health.TableSource);
        Assert.Equal(3, health.TableVersion);
        Assert.False(health.Stale);
        Assert.Equal(1, health.Tenants);
        Assert.Equal(1, health.Cells);
        Assert.NotNull(health.LastSyncAt);
        Assert.Equal(Environment.ProcessId, health.ProcessId);
    }

    [Fact]
    public async Task Sync_NewVersionPublished_LongPollDeliversItAndDiskFollows()
    {
        await using var router = await StartRouterAsync();
        await router.WaitForVersionAsync(3);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(_controlPlane.RequestLog.Any(r => r.Contains("since=3", StringComparison.Ordinal))));

        _controlPlane.Publish(Create(4, [Cell("c1", _cell.Url)], [Tenant("acme", "c1", epoch: 2), Tenant("globex", "c1")]));
        await router.WaitForVersionAsync(4, TimeSpan.FromSeconds(5));

        using var response = await router.Client.SendAsync(WithTenant("/", "globex"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await router.WaitForDiskVersionAsync(4);
        Assert.Equal(4, RoutingTableFile.Read(await File.ReadAllBytesAsync(router.TableFile)).Version);
        Assert.Contains(_controlPlane.RequestLog, r => r.Contains("wait=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_NoChange_LongPollGets304AndKeepsTable()
    {
        await using var router = await StartRouterAsync();
        await router.WaitForVersionAsync(3);

        // LongPollWait is 2 s: after 304s the router polls again with the same version.
        await RouterHost.WaitUntilAsync(() => Task.FromResult(_controlPlane.RequestLog.Count(r => r.Contains("since=3", StringComparison.Ordinal)) >= 2), TimeSpan.FromSeconds(10));

        Assert.Equal(3, router.Holder.State.Table.Version);
        Assert.False((await router.HealthAsync()).Stale);
    }

    [Fact]
    public async Task Sync_InvalidTable_RefusedCurrentTableKept()
    {
        await using var router = await StartRouterAsync();
        await router.WaitForVersionAsync(3);

        // Tenant assigned to a cell the table does not have.
        _controlPlane.Publish(Create(4, [Cell("c1", _cell.Url)], [Tenant("acme", "missing-cell")]));
        await RouterHost.WaitUntilAsync(async () => (await router.HealthAsync()).LastError is not null);

        var health = await router.HealthAsync();
        Assert.Contains("version 4", health.LastError);
        Assert.Contains("missing-cell", health.LastError);
        Assert.Equal(3, router.Holder.State.Table.Version);
        using var response = await router.Client.SendAsync(WithTenant("/", "acme"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await router.WaitForDiskVersionAsync(3);
        Assert.Equal(3, RoutingTableFile.Read(await File.ReadAllBytesAsync(router.TableFile)).Version);
    }

    [Fact]
    public async Task Sync_GarbageJson_RefusedCurrentTableKept()
    {
        await using var router = await StartRouterAsync();
        await router.WaitForVersionAsync(3);

        _controlPlane.PublishRaw(4, Encoding.UTF8.GetBytes("{\"format\": nope"));
        await RouterHost.WaitUntilAsync(async () => (await router.HealthAsync()).LastError is not null);

        Assert.Contains("not valid JSON", (await router.HealthAsync()).LastError);
        Assert.Equal(3, router.Holder.State.Table.Version);
    }

    [Fact]
    public async Task Sync_ControlPlaneSendsOlderVersion_Ignored()
    {
        var directory = RouterHost.NewDirectory();
        try
        {
            // The router knows version 9 from disk; the control plane only has version 3.
            await WriteTableFileAsync(directory, OneTenant(9, _cell.Url, epoch: 9));
            await using var router = await StartRouterAsync(directory);

            await RouterHost.WaitUntilAsync(async () => (await router.HealthAsync()).LastError is not null);

            Assert.Equal(9, router.Holder.State.Table.Version);
            Assert.Contains("older", (await router.HealthAsync()).LastError);
        }
        finally
        {
            RouterHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Sync_DiskHasSameVersion_ConfirmedAsTheControlPlanes()
    {
        var directory = RouterHost.NewDirectory();
        try
        {
            await WriteTableFileAsync(directory, OneTenant(3, _cell.Url));
            await using var router = await StartRouterAsync(directory);

            await RouterHost.WaitUntilAsync(async () => (await router.HealthAsync()).TableSource == "control-plane");

            Assert.Equal(3, router.Holder.State.Table.Version);
            Assert.Null((await router.HealthAsync()).LastError);
        }
        finally
        {
            RouterHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Sync_ControlPlaneComesUpLate_RouterPicksTableUp()
    {
        var url = FreePort.DeadUrl();
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = url });
        await RouterHost.WaitUntilAsync(async () => (await router.HealthAsync()).LastError is not null);
        Assert.Contains("cannot connect", (await router.HealthAsync()).LastError);

        // Start a control plane on the very port the router keeps retrying.
        await using var late = await FakeControlPlane.StartAsync(OneTenant(3, _cell.Url), new Uri(url).Port);

        await router.WaitForVersionAsync(3, TimeSpan.FromSeconds(15));
        Assert.Equal("Healthy", (await router.HealthAsync()).Status);
    }

    internal static async Task WriteTableFileAsync(string directory, RoutingTableSnapshot snapshot)
    {
        var file = Path.Combine(directory, "router", "routing-table.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, RoutingTableFile.Serialize(snapshot));
    }

    private Task<RouterHost> StartRouterAsync(string? directory = null) =>
        RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = _controlPlane.Url }, directory);

    private static HttpRequestMessage WithTenant(string path, string tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Tenant-Id", tenant);
        return request;
    }
}
