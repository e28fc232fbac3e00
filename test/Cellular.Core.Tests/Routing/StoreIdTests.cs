using System.Text.Json;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

/// <summary>The identity of the store that made a table survives every form the table takes.</summary>
public sealed class StoreIdTests
{
    private static RoutingTableSnapshot Snapshot(string? storeId, long version = 7) =>
        TableFactory.Snapshot(TableFactory.Cells(2), [new("acme", "c2", 5, false)], version: version) with { StoreId = storeId };

    [Fact]
    public void FromSnapshot_ToSnapshot_KeepsStoreId()
    {
        var table = RoutingTable.FromSnapshot(Snapshot("store-a"));

        Assert.Equal("store-a", table.StoreId);
        Assert.Equal("store-a", table.ToSnapshot().StoreId);
    }

    [Fact]
    public async Task JsonWriterAndStreamingReader_RoundTripStoreId()
    {
        var table = RoutingTable.FromSnapshot(Snapshot("store-a"));
        var bytes = RoutingTableJson.SerializeToUtf8Bytes(table);

        Assert.Equal("store-a", RoutingTableJson.Read(bytes).StoreId);
        Assert.Equal("store-a", (await RoutingTableJson.ReadAsync(new MemoryStream(bytes))).StoreId);

        // The same bytes as the serializer writes for the snapshot.
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Snapshot("store-a"), CellularJsonContext.Default.RoutingTableSnapshot), bytes);
    }

    [Fact]
    public void JsonWriter_NoStoreId_WritesNone()
    {
        var bytes = RoutingTableJson.SerializeToUtf8Bytes(RoutingTable.FromSnapshot(Snapshot(null)));

        Assert.DoesNotContain("storeId", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Null(RoutingTableJson.Read(bytes).StoreId);
    }

    [Fact]
    public void TableFile_RoundTripsStoreIdAndOldFilesStillLoad()
    {
        var withStore = RoutingTableFile.Serialize(RoutingTable.FromSnapshot(Snapshot("store-a")));
        var old = RoutingTableFile.Serialize(Snapshot(null));

        Assert.Equal("store-a", RoutingTableFile.Read(withStore).StoreId);
        Assert.Equal("store-a", RoutingTableFile.Read(new MemoryStream(withStore)).StoreId);
        Assert.Equal("store-a", RoutingTableFile.ReadSnapshot(withStore).StoreId);
        var loaded = RoutingTableFile.Read(old);
        Assert.Null(loaded.StoreId);
        Assert.Equal(7, loaded.Version);
    }

    [Fact]
    public void ApplyDelta_SameStore_KeepsIt_OtherStore_Refused()
    {
        var table = RoutingTable.FromSnapshot(Snapshot("store-a"));
        RoutingTableDelta Delta(string? store) => new(RoutingTableDelta.CurrentFormat, 7, 8, DateTimeOffset.UnixEpoch, FallbackSpec.Reject, TableFactory.Cells(2), [new("globex", "c1", 1, false)], [], store);

        Assert.Equal("store-a", table.ApplyDelta(Delta("store-a")).StoreId);
        Assert.Equal("store-a", table.ApplyDelta(Delta(null)).StoreId);
        var error = Assert.Throws<RoutingTableException>(() => table.ApplyDelta(Delta("store-b")));
        Assert.Contains("store-b", error.Message);
    }
}
