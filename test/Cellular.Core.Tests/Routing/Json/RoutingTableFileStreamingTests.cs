using System.Text;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing.Json;

/// <summary>
/// The table file written and read without a snapshot: the same bytes as before, files written
/// by earlier versions still load, and a file read as a stream is refused exactly as one read whole.
/// </summary>
public sealed class RoutingTableFileStreamingTests
{
    private static RoutingTableSnapshot Snapshot(int seed = 7, int tenants = 3_000) => RandomSnapshots.Create(seed, tenants);

    [Fact]
    public void Serialize_Table_SameBytesAsSerializeOfItsSnapshot()
    {
        var table = RoutingTable.FromSnapshot(Snapshot());

        Assert.True(RoutingTableFile.Serialize(table.ToSnapshot()).AsSpan().SequenceEqual(RoutingTableFile.Serialize(table)));
    }

    [Fact]
    public void Write_StreamThatCannotSeek_SameBytes()
    {
        var table = RoutingTable.FromSnapshot(Snapshot(8));
        using var output = new UnseekableStream();

        RoutingTableFile.Write(table, output);

        Assert.True(RoutingTableFile.Serialize(table).AsSpan().SequenceEqual(output.ToArray()));
    }

    [Fact]
    public void Read_FileOfEarlierVersion_LoadsFromSpanAndStream()
    {
        // RoutingTableFile.Serialize(snapshot) is the writer of every earlier version.
        var snapshot = Snapshot(9);
        var file = RoutingTableFile.Serialize(snapshot);
        var expected = RoutingTable.FromSnapshot(snapshot);

        SnapshotJson.AssertEquivalent(expected, RoutingTableFile.Read(file));
        SnapshotJson.AssertEquivalent(expected, RoutingTableFile.Read(new MemoryStream(file)));
        SnapshotJson.AssertEquivalent(expected, RoutingTableFile.Read(new TrickleStream(file, 9, maxRead: 4_000)));
    }

    [Fact]
    public void Read_WhatWriteWrote_SameTable()
    {
        var table = RoutingTable.FromSnapshot(Snapshot(10));
        using var file = new MemoryStream();

        RoutingTableFile.Write(table, file);
        file.Position = 0;

        SnapshotJson.AssertEquivalent(table, RoutingTableFile.Read(file));
    }

    [Fact]
    public void Read_StreamNotAtItsStart_ReadsFromWhereItIs()
    {
        var snapshot = Snapshot(11, 10);
        var file = new MemoryStream([.. "junk"u8, .. RoutingTableFile.Serialize(snapshot)]) { Position = 4 };

        SnapshotJson.AssertEquivalent(RoutingTable.FromSnapshot(snapshot), RoutingTableFile.Read(file));
    }

    [Theory]
    [InlineData("reordered")]
    [InlineData("spaced")]
    [InlineData("upper-case-checksum")]
    [InlineData("extra-property")]
    [InlineData("trailing-garbage")]
    public void Read_ValidFileInAnotherLayout_LoadsTheGeneralWay(string layout)
    {
        var snapshot = Snapshot(12, 50);
        var text = Encoding.UTF8.GetString(RoutingTableFile.Serialize(snapshot));
        var table = text[(text.IndexOf("\"table\":", StringComparison.Ordinal) + 8)..^1];
        var hash = text.Substring(text.IndexOf("\"sha256\":\"", StringComparison.Ordinal) + 10, 64);
        var file = layout switch
        {
            "reordered" => $"{{\"table\":{table},\"sha256\":\"{hash}\",\"format\":\"{RoutingTableFile.Format}\"}}",
            "spaced" => $"{{ \"format\" : \"{RoutingTableFile.Format}\" ,\n \"sha256\" : \"{hash}\" ,\n \"table\" : {table} \n}}\n",
            "upper-case-checksum" => text.Replace(hash, hash.ToUpperInvariant(), StringComparison.Ordinal),
            "extra-property" => text[..^1] + ",\"written-by\":\"a person\"}",
            _ => text + "x", // Earlier versions never looked past the envelope's end.
        };
        var bytes = Encoding.UTF8.GetBytes(file);
        var expected = RoutingTable.FromSnapshot(snapshot);

        SnapshotJson.AssertEquivalent(expected, RoutingTableFile.Read(bytes));
        SnapshotJson.AssertEquivalent(expected, RoutingTableFile.Read(new MemoryStream(bytes)));
        SnapshotJson.AssertEquivalent(expected, RoutingTableFile.Read(new UnseekableStream(bytes)));
    }

    public static TheoryData<string> Corruptions =>
    [
        "bad-checksum", "truncated", "truncated-tail", "garbage", "empty", "wrong-format", "inconsistent-table", "table-wrong-types",
        "table-not-json", "null-table", "no-checksum", "wrong-json-types", "table-trailing-space",
    ];

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Read_CorruptFile_SameRefusalFromSpanAndStreams(string corruption)
    {
        var bytes = Corrupt(corruption);

        // The message of the whole-file reader of earlier versions. Where it quotes the
        // serializer's JsonException, only the position details differ: the path is the same.
        var expected = Assert.Throws<RoutingTableException>(() => RoutingTable.FromSnapshot(RoutingTableFile.ReadSnapshot(bytes))).Message;

        foreach (var actual in new[]
        {
            Assert.Throws<RoutingTableException>(() => RoutingTableFile.Read(bytes)).Message,
            Assert.Throws<RoutingTableException>(() => RoutingTableFile.Read(new MemoryStream(bytes))).Message,
            Assert.Throws<RoutingTableException>(() => RoutingTableFile.Read(new TrickleStream(bytes, 5, maxRead: 50))).Message,
        })
        {
            if (corruption == "table-wrong-types")
            {
                Assert.StartsWith("The routing table in the file cannot be read: The JSON value could not be converted to Cellular.Core.Routing.TenantRouteSpec. Path: $.tenants[0].epoch", expected);
                Assert.StartsWith("The routing table in the file cannot be read: The JSON value could not be converted to Cellular.Core.Routing.TenantRouteSpec. Path: $.tenants[0].epoch", actual);
            }
            else
            {
                Assert.Equal(expected, actual);
            }
        }
    }

    private static byte[] Corrupt(string corruption)
    {
        var snapshot = TableFactory.Snapshot(TableFactory.Cells(2), [new("acme", "c2", 5, false), new("globex", "c1", 1, true)], version: 17);
        var good = RoutingTableFile.Serialize(snapshot);
        var text = Encoding.UTF8.GetString(good);
        string Rehashed(string table) => Encoding.UTF8.GetString(RoutingTableFile.Serialize(snapshot)).Split("\"table\":")[0].Replace(
            text.Substring(text.IndexOf("\"sha256\":\"", StringComparison.Ordinal) + 10, 64),
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(table))),
            StringComparison.Ordinal) + "\"table\":" + table + "}";

        return corruption switch
        {
            "bad-checksum" => Encoding.UTF8.GetBytes(text.Replace("\"acme\"", "\"acmf\"", StringComparison.Ordinal)),
            "truncated" => good[..(good.Length / 2)],
            "truncated-tail" => good[..^1],
            "garbage" => [0x00, 0xFF, 0x13, 0x37, (byte)'{', 0x80],
            "empty" => [],
            "wrong-format" => Encoding.UTF8.GetBytes(text.Replace(RoutingTableFile.Format, "something-else/v9", StringComparison.Ordinal)),
            "inconsistent-table" => RoutingTableFile.Serialize(TableFactory.Snapshot(TableFactory.Cells(1), [new("acme", "nowhere", 1, false)])),
            "table-wrong-types" => Encoding.UTF8.GetBytes(Rehashed("{\"format\":\"cellular.routing-table/v1\",\"version\":3,\"cells\":[],\"tenants\":[{\"id\":\"a\",\"epoch\":true}]}")),
            "table-not-json" => Encoding.UTF8.GetBytes(Rehashed("{\"format\":\"cellular.routing-table/v1\",\"version\":3,\"cells\":[],\"tenants\":[{\"id\":\"a\",]}")),
            "null-table" => Encoding.UTF8.GetBytes(Rehashed("null")),
            "no-checksum" => Encoding.UTF8.GetBytes($"{{\"format\":\"{RoutingTableFile.Format}\",\"table\":{{}}}}"),
            "wrong-json-types" => Encoding.UTF8.GetBytes("{\"format\":5,\"sha256\":[],\"table\":{}}"),
            "table-trailing-space" => Encoding.UTF8.GetBytes(text[..^1].Replace("\"acme\"", "\"acmf\"", StringComparison.Ordinal) + " }"),
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };
    }

    /// <summary>A memory stream that cannot seek: written to when made empty, read from when made with bytes.</summary>
    private sealed class UnseekableStream : MemoryStream
    {
        public UnseekableStream()
        {
        }

        public UnseekableStream(byte[] data)
            : base(data, writable: false)
        {
        }

        public override bool CanSeek => false;
    }
}
