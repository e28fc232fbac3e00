using System.Buffers;
using System.Text;
using System.Text.Json;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing.Json;

/// <summary>The streaming reader and writer: what they build and write, against the snapshot path.</summary>
public sealed class RoutingTableJsonTests
{
    private static readonly FallbackSpec Buckets = new(FallbackKind.HashedBuckets, Buckets: ["c1", "c2", "c2"]);

    private static RoutingTable Sample() => RoutingTable.FromSnapshot(TableFactory.Snapshot(
        [new("c1", "http://127.0.0.1:5101", CellState.Active), new("c2", null, CellState.Draining), new("c3", "https://x.example/a+b", CellState.Unhealthy)],
        [
            new("acme", "c2", 5, Pinned: false),
            new("Globex.EU_1", "c1", 1L << 40, Pinned: true, Weight: 250),
            new("x", "c3", 0, Pinned: false, Weight: 1_000_000),
            new(new string('t', 128), "c1", 63, Pinned: true),
        ],
        Buckets,
        version: 42) with { GeneratedAt = new DateTimeOffset(2026, 11, 22, 17, 30, 1, 123, TimeSpan.FromHours(2)) });

    [Fact]
    public void Write_SampleTable_SameBytesAsSerializerOfSnapshot()
    {
        var table = Sample();

        var written = RoutingTableJson.SerializeToUtf8Bytes(table);

        Assert.Equal(Encoding.UTF8.GetString(SnapshotJson.Serialize(table)), Encoding.UTF8.GetString(written));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 500)]
    [InlineData(4, 3_000)]
    [InlineData(5, 20_000)]
    public void Write_RandomTables_SameBytesAsSerializerOfSnapshot(int seed, int tenants)
    {
        var table = RoutingTable.FromSnapshot(RandomSnapshots.Create(seed, tenants));

        Assert.True(SnapshotJson.Serialize(table).AsSpan().SequenceEqual(RoutingTableJson.SerializeToUtf8Bytes(table)));
    }

    [Fact]
    public void Write_TableFromDeltas_SameBytesAsSerializerOfSnapshot()
    {
        // Overlay on a shared map, with cells renumbered: the writer must follow EnumerateTenants.
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(
            TableFactory.Cells(3),
            Enumerable.Range(0, 50).Select(i => new TenantRouteSpec($"t{i}", $"c{(i % 3) + 1}", i, i % 4 == 0, i % 5 == 0 ? 7 : 1)).ToList(),
            version: 5));
        IReadOnlyList<CellRouteSpec> cells = [new("c3", "http://127.0.0.1:5103", CellState.Active), new("c1", "http://127.0.0.1:5101", CellState.Active), new("c2", "http://127.0.0.1:5102", CellState.Active), new("c4", null, CellState.Provisioning)];
        var delta = new RoutingTableDelta(
            RoutingTableDelta.CurrentFormat, 5, 6, DateTimeOffset.UnixEpoch.AddDays(1), FallbackSpec.Reject, cells,
            [new("t1", "c4", 9, Pinned: true, Weight: 3), new("new-one", "c2", 0, Pinned: false), new("t5", "c1", 6, Pinned: false)],
            ["t2", "t7"]);

        var changed = table.ApplyDelta(delta);
        var written = RoutingTableJson.SerializeToUtf8Bytes(changed);

        Assert.Equal(Encoding.UTF8.GetString(SnapshotJson.Serialize(changed)), Encoding.UTF8.GetString(written));
        SnapshotJson.AssertEquivalent(changed, RoutingTable.ReadJson(written));
    }

    [Fact]
    public void ReadJson_WhatWriteWrote_SameLookupsVersionWeightsCellsFallback()
    {
        var table = Sample();

        var read = RoutingTable.ReadJson(RoutingTableJson.SerializeToUtf8Bytes(table));

        SnapshotJson.AssertEquivalent(table, read);
        Assert.Equal(42, read.Version);
        Assert.Equal(new RouteResult(RouteRule.Assignment, 1, 5), read.Lookup("acme"));
        Assert.Equal(new RouteResult(RouteRule.Pin, 0, 1L << 40), read.Lookup("Globex.EU_1"));
        Assert.Equal(250, read.GetTenantWeight("Globex.EU_1"));
        Assert.Equal(1_000_000, read.GetTenantWeight("x"));
        Assert.Equal(1, read.GetTenantWeight("acme"));
        Assert.Equal(RouteRule.HashedBucket, read.Lookup("unknown").Rule);
        Assert.Null(read.Cells[1].Endpoint);
        Assert.Equal(CellState.Unhealthy, read.Cells[2].State);
        Assert.Equal(table.GeneratedAt, read.GeneratedAt);
        Assert.Equal(table.GeneratedAt.Offset, read.GeneratedAt.Offset);
    }

    [Fact]
    public async Task WriteAsync_ThenReadJsonAsync_SameTable()
    {
        var table = Sample();
        using var stream = new MemoryStream();

        await RoutingTableJson.WriteAsync(table, stream);
        stream.Position = 0;
        var read = await RoutingTable.ReadJsonAsync(stream);

        SnapshotJson.AssertEquivalent(table, read);
    }

    [Theory]
    [InlineData(11, 0)]
    [InlineData(12, 1)]
    [InlineData(13, 200)]
    [InlineData(14, 2_000)]
    [InlineData(15, 2_000)]
    [InlineData(16, 30_000)]
    public void ReadJson_RandomTables_SameAsDeserializeAndFromSnapshot(int seed, int tenants)
    {
        var json = SnapshotJson.Serialize(RandomSnapshots.Create(seed, tenants));
        var expected = SnapshotJson.ReadOld(json);

        foreach (var (how, read) in SnapshotJson.NewReaders(json, seed))
        {
            SnapshotJson.AssertEquivalent(expected, read(), how);
        }
    }

    [Fact]
    public async Task ReadJson_IndentedWithByteOrderMarkInStream_Read()
    {
        var snapshot = RandomSnapshots.Create(21, 100);
        var indented = JsonSerializer.SerializeToUtf8Bytes(snapshot, new JsonSerializerOptions(CellularJsonContext.Default.Options) { WriteIndented = true });
        var expected = RoutingTable.FromSnapshot(snapshot);

        SnapshotJson.AssertEquivalent(expected, RoutingTable.ReadJson(indented));
        SnapshotJson.AssertEquivalent(expected, await RoutingTableJson.ReadAsync(new TrickleStream([0xEF, 0xBB, 0xBF, .. indented], 3)));
    }

    [Fact]
    public async Task ReadJson_SingleTenantLargerThanReadBuffer_Read()
    {
        // An unknown property far larger than the 64 KiB buffer: the reader must grow it, not stall.
        var big = new string('z', 200_000);
        var json = $$$"""{"format":"cellular.routing-table/v1","version":3,"cells":[{"id":"c1","state":"Active"}],"tenants":[{"id":"a","cell":"c1","note":{"text":"{{{big}}}"}},{"id":"b","cell":"c1"}]}""";

        SnapshotJson.AssertSameAsOld(json);
        var table = await RoutingTableJson.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(2, table.TenantCount);
    }

    [Fact]
    public async Task ReadJsonAsync_LargeFallbackArrivingInTinyReads_Read()
    {
        // 200k buckets (~2 MB) that arrive a few bytes per read: the reader must wait for the
        // whole list without scanning it again for every read, or this takes hours.
        var cells = TableFactory.Cells(3);
        var snapshot = TableFactory.Snapshot(
            cells,
            [new("a", "c1", 1, false)],
            new FallbackSpec(FallbackKind.HashedBuckets, Buckets: Enumerable.Range(0, 200_000).Select(b => cells[b % 3].Id).ToArray()));
        var json = SnapshotJson.Serialize(snapshot);

        var table = await RoutingTableJson.ReadAsync(new TrickleStream(json, 17, maxRead: 16));

        SnapshotJson.AssertEquivalent(RoutingTable.FromSnapshot(snapshot), table);
    }

    [Fact]
    public async Task ReadJson_MillionTenants_CompletesAndWritesBackTheSameBytes()
    {
        const int tenants = 1_000_000;
        var json = MillionTenantJson(tenants);

        var table = RoutingTable.ReadJson(json);

        Assert.Equal(tenants, table.TenantCount);
        Assert.Equal(100, table.Cells.Count);
        Assert.Equal(new RouteResult(RouteRule.Pin, 0, 0), table.Lookup("tenant-00000000"));
        Assert.Equal(new RouteResult(RouteRule.Assignment, 999_999 % 100, 999_999 % 13), table.Lookup("tenant-00999999"));
        Assert.Equal(7, table.GetTenantWeight("tenant-00000014"));
        Assert.Equal(RouteRule.None, table.Lookup("tenant-01000000").Rule);
        Assert.True(json.AsSpan().SequenceEqual(RoutingTableJson.SerializeToUtf8Bytes(table)));

        var streamed = await RoutingTable.ReadJsonAsync(new MemoryStream(json));
        Assert.Equal(tenants, streamed.TenantCount);
        Assert.Equal(table.Lookup("tenant-00123456"), streamed.Lookup("tenant-00123456"));
    }

    /// <summary>The serializer's bytes for a 1M-tenant snapshot, written without building one.</summary>
    private static byte[] MillionTenantJson(int tenants)
    {
        var cells = TableFactory.Cells(100);
        var head = SnapshotJson.Serialize(TableFactory.Snapshot(cells, version: 9));
        var output = new ArrayBufferWriter<byte>(tenants * 90);
        output.Write(head.AsSpan(0, head.Length - "]}".Length));
        for (var i = 0; i < tenants; i++)
        {
            var tenant = $"{(i > 0 ? "," : "")}{{\"id\":\"tenant-{i:D8}\",\"cell\":\"{cells[i % 100].Id}\",\"epoch\":{i % 13},\"pinned\":{(i % 50 == 0 ? "true" : "false")},\"weight\":{(i % 7 == 0 ? 7 : 1)}}}";
            output.Advance(Encoding.UTF8.GetBytes(tenant, output.GetSpan(tenant.Length)));
        }

        output.Write("]}"u8);
        return output.WrittenSpan.ToArray();
    }
}
