using System.Text;
using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Router.Routing;
using Cellular.Router.Sync;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Tests.Sync;

/// <summary>The last-known-good file saved from a <see cref="RoutingTable"/> and loaded as a stream, without snapshots.</summary>
public sealed class LastKnownGoodTableStreamingTests : IDisposable
{
    private readonly string _directory = RouterHost.NewDirectory();

    private string TableFile => Path.Combine(_directory, "router", "routing-table.json");

    public void Dispose() => RouterHost.DeleteDirectory(_directory);

    [Fact]
    public void SaveTable_ThenLoad_SameTableAndSameBytesAsSavingItsSnapshot()
    {
        var table = RoutingTable.FromSnapshot(Large(20_000));
        var holder = NewHolder();
        var status = new SyncStatus();

        CreateStore(TableFile).Save(table);
        var bytes = File.ReadAllBytes(TableFile);
        CreateStore(TableFile, holder, status).EnsureLoaded();

        Assert.True(RoutingTableFile.Serialize(table.ToSnapshot()).AsSpan().SequenceEqual(bytes));
        Assert.False(File.Exists(TableFile + ".tmp"));
        var loaded = holder.State.Table;
        Assert.Equal(table.Version, loaded.Version);
        Assert.Equal(table.TenantCount, loaded.TenantCount);
        Assert.Equal(table.Cells, loaded.Cells);
        foreach (var tenant in table.ToSnapshot().Tenants)
        {
            Assert.Equal(table.Lookup(tenant.Id), loaded.Lookup(tenant.Id));
            Assert.Equal(tenant.Weight, loaded.GetTenantWeight(tenant.Id));
        }

        Assert.Null(status.LastError);
    }

    [Fact]
    public void SaveTable_OverAnOlderFile_Replaces()
    {
        var store = CreateStore(TableFile);
        store.Save(Snapshots.OneTenant(11, "http://127.0.0.1:1"));

        store.Save(RoutingTable.FromSnapshot(Snapshots.OneTenant(12, "http://127.0.0.1:2")));

        var table = RoutingTableFile.Read(File.ReadAllBytes(TableFile));
        Assert.Equal(12, table.Version);
        Assert.Equal("http://127.0.0.1:2", table.Cells[0].Endpoint);
        Assert.False(File.Exists(TableFile + ".tmp"));
    }

    [Fact]
    public void EnsureLoaded_FileWrittenFromSnapshotByEarlierVersion_Loads()
    {
        var snapshot = Large(5_000);
        Directory.CreateDirectory(Path.GetDirectoryName(TableFile)!);
        File.WriteAllBytes(TableFile, RoutingTableFile.Serialize(snapshot));
        var holder = NewHolder();

        CreateStore(TableFile, holder).EnsureLoaded();

        Assert.Equal(snapshot.Version, holder.State.Table.Version);
        Assert.Equal(TableSource.Disk, holder.State.Source);
        Assert.Equal(new RouteResult(RouteRule.Pin, 3, 3), holder.State.Table.Lookup("tenant-3"));
    }

    [Fact]
    public void EnsureLoaded_FileInAnotherValidLayout_Loads()
    {
        // Properties reordered and spaced: not the writer's layout, so read the general way.
        var text = Encoding.UTF8.GetString(RoutingTableFile.Serialize(Snapshots.OneTenant(8, "http://127.0.0.1:1")));
        var table = text[(text.IndexOf("\"table\":", StringComparison.Ordinal) + 8)..^1];
        var hash = text.Substring(text.IndexOf("\"sha256\":\"", StringComparison.Ordinal) + 10, 64);
        Directory.CreateDirectory(Path.GetDirectoryName(TableFile)!);
        File.WriteAllText(TableFile, $"{{ \"table\": {table}, \"sha256\": \"{hash}\", \"format\": \"{RoutingTableFile.Format}\" }}\n");
        var holder = NewHolder();

        CreateStore(TableFile, holder).EnsureLoaded();

        Assert.Equal(8, holder.State.Table.Version);
    }

    [Theory]
    [InlineData("bad-checksum", "checksum")]
    [InlineData("inconsistent", "nowhere")]
    [InlineData("truncated", "not valid JSON")]
    public void EnsureLoaded_BadFileReadAsStream_RefusedMovedAside(string corruption, string reason)
    {
        var good = RoutingTableFile.Serialize(Large(3_000));
        var text = Encoding.UTF8.GetString(good);
        var bad = corruption switch
        {
            "bad-checksum" => Encoding.UTF8.GetBytes(text.Replace("\"tenant-2999\"", "\"tenant-2998\"", StringComparison.Ordinal)),
            "inconsistent" => RoutingTableFile.Serialize(Snapshots.Create(4, [Snapshots.Cell("c1", "http://127.0.0.1:1")], [Snapshots.Tenant("acme", "nowhere")])),
            _ => good[..(good.Length * 2 / 3)],
        };
        Directory.CreateDirectory(Path.GetDirectoryName(TableFile)!);
        File.WriteAllBytes(TableFile, bad);
        var holder = NewHolder();
        var status = new SyncStatus();

        CreateStore(TableFile, holder, status).EnsureLoaded();

        Assert.Equal(0, holder.State.Table.Version);
        Assert.Contains("was refused", status.LastError);
        Assert.Contains(reason, status.LastError);
        var aside = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(TableFile)!, "routing-table.json.corrupt-*"));
        Assert.Equal(bad, File.ReadAllBytes(aside));
    }

    private static RoutingTableSnapshot Large(int tenants) => Snapshots.Create(
        77,
        Enumerable.Range(1, 5).Select(i => Snapshots.Cell($"c{i}", i == 5 ? null : $"http://127.0.0.1:{5100 + i}", i == 4 ? CellState.Draining : CellState.Active)),
        Enumerable.Range(0, tenants).Select(i => new TenantRouteSpec($"tenant-{i}", $"c{(i % 5) + 1}", i % 1000 == 7 ? 1L << 35 : i % 13, i % 3 == 0, i % 11 == 0 ? 40 : 1)),
        new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c1", "c2", "c3"]));

    private static RoutingTableHolder NewHolder()
    {
        var options = Options.Create(new RouterOptions());
        return new RoutingTableHolder(new CellInvokers(options, new Cellular.Router.Security.CellTlsCredentials(options, TimeProvider.System), TimeProvider.System, NullLogger<CellInvokers>.Instance), Guards.Create());
    }

    private static LastKnownGoodTable CreateStore(string file, RoutingTableHolder? holder = null, SyncStatus? status = null) =>
        new(holder ?? NewHolder(), status ?? new SyncStatus(), Options.Create(new RouterOptions { TableFile = file }), new ManualTimeProvider(), NullLogger<LastKnownGoodTable>.Instance);
}
