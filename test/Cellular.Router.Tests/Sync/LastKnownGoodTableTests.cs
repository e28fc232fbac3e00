using System.Net;
using System.Text;
using Cellular.Core.Routing;
using Cellular.Router.Routing;
using Cellular.Router.Sync;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Sync;

/// <summary>The on-disk last-known-good table: start-up load, refusal of bad files, atomic writes.</summary>
public sealed class LastKnownGoodTableTests : IAsyncLifetime
{
    private readonly string _directory = RouterHost.NewDirectory();
    private BackendServer _cell = null!;

    private string TableFile => Path.Combine(_directory, "router", "routing-table.json");

    public async Task InitializeAsync() => _cell = await BackendServer.StartAsync("c1");

    public async Task DisposeAsync()
    {
        await _cell.DisposeAsync();
        RouterHost.DeleteDirectory(_directory);
    }

    [Fact]
    public async Task Startup_OnlyDiskFileControlPlaneDown_ServesFromFirstRequest()
    {
        await RoutingTableSyncTests.WriteTableFileAsync(_directory, OneTenant(5, _cell.Url, epoch: 4));

        await using var router = await RouterHost.StartAsync(directory: _directory);
        using var response = await router.Client.SendAsync(WithTenant("acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("assignment; v=5", response.Headers.GetValues("X-Cell-Route").Single());
        var health = await router.HealthAsync();
        Assert.Equal("disk", health.TableSource);
        Assert.Equal(5, health.TableVersion);
        Assert.True(health.Stale);
        Assert.Equal("Degraded", health.Status);
        Assert.Null(health.LastSyncAt);
    }

    [Fact]
    public async Task Startup_RouterRestartedWhileControlPlaneDown_ServesLastTableOfPreviousRun()
    {
        await using (var controlPlane = await FakeControlPlane.StartAsync(OneTenant(7, _cell.Url)))
        {
            await using var first = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = controlPlane.Url }, _directory);
            await first.WaitForVersionAsync(7);
            await RouterHost.WaitUntilAsync(() => Task.FromResult(File.Exists(TableFile)));
        }

        await using var second = await RouterHost.StartAsync(directory: _directory);
        using var response = await second.Client.SendAsync(WithTenant("acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, (await second.HealthAsync()).TableVersion);
    }

    [Fact]
    public async Task Startup_NoFile_EmptyTableSourceNone()
    {
        await using var router = await RouterHost.StartAsync(directory: _directory);

        var health = await router.HealthAsync();

        Assert.Equal("none", health.TableSource);
        Assert.Equal(0, health.TableVersion);
        Assert.Equal("Degraded", health.Status);
        Assert.DoesNotContain("file", health.LastError ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string> Corruptions => ["bad-checksum", "truncated", "garbage", "empty", "wrong-format", "inconsistent-table", "wrong-json-types"];

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task Startup_CorruptFile_RefusedReportedMovedAsideThenReplacedByControlPlane(string corruption)
    {
        var bad = Corrupt(corruption, RoutingTableFile.Serialize(OneTenant(50, _cell.Url)));
        Directory.CreateDirectory(Path.GetDirectoryName(TableFile)!);
        await File.WriteAllBytesAsync(TableFile, bad);
        await using var controlPlane = await FakeControlPlane.StartAsync();

        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = controlPlane.Url }, _directory);

        // Refused before serving: the router starts empty and says why.
        var health = await router.HealthAsync();
        Assert.Equal(0, health.TableVersion);
        Assert.Contains("was refused", health.LastError);
        Assert.Contains(TableFile, health.LastError);
        var aside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(TableFile)!, "routing-table.json.corrupt-*"));
        Assert.Equal(bad, await File.ReadAllBytesAsync(aside));
        Assert.Contains(Path.GetFileName(aside), health.LastError);

        // The control plane's table replaces it, in memory and on disk.
        controlPlane.Publish(OneTenant(3, _cell.Url));
        await router.WaitForVersionAsync(3);
        using var response = await router.Client.SendAsync(WithTenant("acme"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(File.Exists(TableFile)));
        Assert.Equal(3, RoutingTableFile.Read(await File.ReadAllBytesAsync(TableFile)).Version);
        Assert.Equal("control-plane", (await router.HealthAsync()).TableSource);
    }

    [Fact]
    public async Task Startup_BadChecksum_LastErrorExplainsChecksum()
    {
        await File.WriteAllBytesAsync(EnsureDirectory(), Corrupt("bad-checksum", RoutingTableFile.Serialize(OneTenant(5, _cell.Url))));
        await using var silentControlPlane = await FakeControlPlane.StartAsync();

        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["ControlPlaneUrl"] = silentControlPlane.Url }, _directory);

        Assert.Contains("checksum", (await router.HealthAsync()).LastError);
    }

    [Fact]
    public void Save_NewDirectory_CreatesItAndWritesReadableFileWithoutTemporary()
    {
        var file = Path.Combine(_directory, "deep", "er", "table.json");
        var store = CreateStore(file);

        store.Save(OneTenant(11, "http://127.0.0.1:1"));
        store.Save(OneTenant(12, "http://127.0.0.1:1"));

        Assert.Equal(12, RoutingTableFile.Read(File.ReadAllBytes(file)).Version);
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public void EnsureLoaded_CalledTwice_LoadsOnce()
    {
        var file = Path.Combine(_directory, "table.json");
        File.WriteAllBytes(file, RoutingTableFile.Serialize(OneTenant(2, "http://127.0.0.1:1")));
        var holder = NewHolder();
        var store = CreateStore(file, holder);

        store.EnsureLoaded();
        holder.Apply(RoutingTable.FromSnapshot(OneTenant(3, "http://127.0.0.1:1")), TableSource.ControlPlane);
        store.EnsureLoaded();

        Assert.Equal(3, holder.State.Table.Version);
    }

    private string EnsureDirectory()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(TableFile)!);
        return TableFile;
    }

    private static byte[] Corrupt(string corruption, byte[] good)
    {
        var text = Encoding.UTF8.GetString(good);
        return corruption switch
        {
            "bad-checksum" => Encoding.UTF8.GetBytes(text.Replace("\"acme\"", "\"acmf\"", StringComparison.Ordinal)),
            "truncated" => good[..(good.Length / 2)],
            "garbage" => [0x00, 0xFF, 0x13, 0x37, (byte)'{', 0x80],
            "empty" => [],
            "wrong-format" => Encoding.UTF8.GetBytes(text.Replace(RoutingTableFile.Format, "something-else/v9", StringComparison.Ordinal)),
            "inconsistent-table" => RoutingTableFile.Serialize(Create(50, [Cell("c1", "http://127.0.0.1:1")], [Tenant("acme", "nowhere")])),
            "wrong-json-types" => Encoding.UTF8.GetBytes("{\"format\":5,\"sha256\":[],\"table\":{}}"),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
    }

    private static RoutingTableHolder NewHolder()
    {
        var options = Options.Create(new RouterOptions());
        return new RoutingTableHolder(new CellInvokers(options, new Cellular.Router.Security.CellTlsCredentials(options, TimeProvider.System), TimeProvider.System, NullLogger<CellInvokers>.Instance), Guards.Create());
    }

    private static LastKnownGoodTable CreateStore(string file, RoutingTableHolder? holder = null) =>
        new(holder ?? NewHolder(), new SyncStatus(), Options.Create(new RouterOptions { TableFile = file }), new ManualTimeProvider(), NullLogger<LastKnownGoodTable>.Instance);

    private static HttpRequestMessage WithTenant(string tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/notes");
        request.Headers.Add("X-Tenant-Id", tenant);
        return request;
    }
}
