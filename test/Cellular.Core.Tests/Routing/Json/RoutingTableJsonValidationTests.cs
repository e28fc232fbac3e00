using System.Text;
using System.Text.Json;
using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing.Json;

/// <summary>
/// The streaming reader refuses what deserialising and <see cref="RoutingTable.FromSnapshot"/>
/// refuse, with the same <see cref="RoutingTableException"/> message (the first error in the
/// builder's order), and a <see cref="JsonException"/> where deserialising fails.
/// </summary>
public sealed class RoutingTableJsonValidationTests
{
    private const string Head = "\"format\":\"cellular.routing-table/v1\",\"version\":3";
    private const string OneCell = "\"cells\":[{\"id\":\"c1\",\"endpoint\":\"http://127.0.0.1:1\",\"state\":\"Active\"}]";

    private static readonly IReadOnlyList<CellRouteSpec> Cells = TableFactory.Cells(2);

    public static TheoryData<string, RoutingTableSnapshot> Refused => new()
    {
        // Envelope
        { "format", TableFactory.Snapshot(Cells) with { Format = "cellular.routing-table/v2" } },
        { "null format", TableFactory.Snapshot(Cells) with { Format = null! } },
        { "version 0", TableFactory.Snapshot(Cells, version: 0) },
        { "version < 0", TableFactory.Snapshot(Cells, version: -7) },
        { "no cells", TableFactory.Snapshot(Cells) with { Cells = null! } },
        { "no tenants", TableFactory.Snapshot(Cells) with { Tenants = null! } },

        // Cells
        { "null cell", TableFactory.Snapshot([Cells[0], null!]) },
        { "invalid cell id", TableFactory.Snapshot([new CellRouteSpec("C1", "http://x", CellState.Active)]) },
        { "duplicate cell", TableFactory.Snapshot([Cells[0], Cells[0]]) },
        { "endpoint", TableFactory.Snapshot([new CellRouteSpec("c1", "ftp://x", CellState.Active)]) },
        { "cell state", TableFactory.Snapshot([new CellRouteSpec("c1", "http://x", (CellState)42)]) },

        // Tenants
        { "null tenant", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false), null!]) },
        { "tenant id chars", TableFactory.Snapshot(Cells, [new("a b", "c1", 1, false)]) },
        { "tenant id non-ASCII", TableFactory.Snapshot(Cells, [new("caf\u00e9", "c1", 1, false)]) },
        { "tenant id empty", TableFactory.Snapshot(Cells, [new(string.Empty, "c1", 1, false)]) },
        { "tenant id null", TableFactory.Snapshot(Cells, [new(null!, "c1", 1, false)]) },
        { "tenant id 129", TableFactory.Snapshot(Cells, [new(new string('a', 129), "c1", 1, false)]) },
        { "tenant id 300", TableFactory.Snapshot(Cells, [new(new string('a', 300), "c1", 1, false)]) },
        { "unknown cell", TableFactory.Snapshot(Cells, [new("a", "c9", 1, false)]) },
        { "null cell of tenant", TableFactory.Snapshot(Cells, [new("a", null!, 1, false)]) },
        { "non-ASCII cell of tenant", TableFactory.Snapshot(Cells, [new("a", "c\u00e9", 1, false)]) },
        { "cell in other case", TableFactory.Snapshot(Cells, [new("a", "C1", 1, false)]) },
        { "negative epoch", TableFactory.Snapshot(Cells, [new("a", "c1", -1, false)]) },
        { "most negative epoch", TableFactory.Snapshot(Cells, [new("a", "c1", long.MinValue, false)]) },
        { "duplicate", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false), new("b", "c1", 1, false), new("a", "c2", 2, true)]) },
        { "duplicate differs in case only is fine", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false), new("A", "c1", 1, false)]) },
        { "weight 0", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false, Weight: 0)]) },
        { "weight negative", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false, Weight: -5)]) },
        { "weight too large", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false, Weight: 1_000_001)]) },

        // Fallback
        { "bucket cell", TableFactory.Snapshot(Cells, fallback: new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c1", "c7"])) },
        { "no buckets", TableFactory.Snapshot(Cells, fallback: new FallbackSpec(FallbackKind.HashedBuckets, Buckets: [])) },
        { "virtual nodes", TableFactory.Snapshot(Cells, fallback: new FallbackSpec(FallbackKind.ConsistentHash, VirtualNodes: 0)) },
        { "range start", TableFactory.Snapshot(Cells, fallback: new FallbackSpec(FallbackKind.KeyRanges, Ranges: [new("b", "c1")])) },
        { "range order", TableFactory.Snapshot(Cells, fallback: new FallbackSpec(FallbackKind.KeyRanges, Ranges: [new("", "c1"), new("m", "c1"), new("k", "c1")])) },
        { "range cell", TableFactory.Snapshot(Cells, fallback: new FallbackSpec(FallbackKind.KeyRanges, Ranges: [new("", "c5")])) },
        { "fallback kind", TableFactory.Snapshot(Cells, fallback: new FallbackSpec((FallbackKind)9)) },

        // Several errors: the builder's order decides which one is reported.
        { "format before all", TableFactory.Snapshot([null!], [null!], new FallbackSpec((FallbackKind)9), version: 0) with { Format = "x" } },
        { "cells before tenants", TableFactory.Snapshot([new CellRouteSpec("c1", "nope", CellState.Active)], [new("a b", "c1", 1, false)]) },
        { "first tenant error in list order", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false), new("b", "c1", -1, false), new("a b", "c9", 1, false)]) },
        { "duplicate before invalid", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false), new("a", "c1", 1, false), new("a b", "c1", 1, false)]) },
        { "invalid before duplicate", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false), new("a b", "c1", 1, false), new("a", "c1", 1, false)]) },
        { "unknown cell before negative epoch", TableFactory.Snapshot(Cells, [new("a", "c9", -1, false)]) },
        { "tenant error before earlier weight", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false, Weight: 0), new("b", "c1", -1, false)]) },
        { "duplicate before earlier weight", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false, Weight: 0), new("a", "c1", 1, false)]) },
        { "first weight", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false, Weight: 5), new("b", "c1", 1, false, Weight: 0), new("c", "c1", 1, false, Weight: -1)]) },
        { "weight before fallback", TableFactory.Snapshot(Cells, [new("a", "c1", 1, false, Weight: 0)], new FallbackSpec(FallbackKind.ConsistentHash, VirtualNodes: 0)) },
        { "tenant before fallback", TableFactory.Snapshot(Cells, [new("a", "c3", 1, false)], new FallbackSpec((FallbackKind)9)) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void ReadJson_InconsistentSnapshot_SameOutcomeAsFromSnapshot(string what, RoutingTableSnapshot snapshot)
    {
        Assert.NotNull(what);
        SnapshotJson.AssertSameAsOld(SnapshotJson.Serialize(snapshot));
    }

    [Fact]
    public void ReadJson_EveryBuilderErrorKind_RefusedWithBuilderMessage()
    {
        // The messages themselves, spelled out, so a change to either side shows here.
        static string Refusal(RoutingTableSnapshot s) => Assert.Throws<RoutingTableException>(() => RoutingTable.ReadJson(SnapshotJson.Serialize(s))).Message;

        Assert.Equal("Unknown routing table format 'x'; expected 'cellular.routing-table/v1'.", Refusal(TableFactory.Snapshot(Cells) with { Format = "x" }));
        Assert.Equal("Routing table version 0 is not valid; versions start at 1.", Refusal(TableFactory.Snapshot(Cells, version: 0)));
        Assert.Equal("The routing table has no 'cells' list.", Refusal(TableFactory.Snapshot(Cells) with { Cells = null! }));
        Assert.Equal("The routing table has no 'tenants' list.", Refusal(TableFactory.Snapshot(Cells) with { Tenants = null! }));
        Assert.StartsWith("The routing table holds an invalid tenant id: The tenant id 'a b' contains", Refusal(TableFactory.Snapshot(Cells, [new("a b", "c1", 1, false)])));
        Assert.Equal("Tenant 'a' is assigned to cell 'c9', which is not in the table.", Refusal(TableFactory.Snapshot(Cells, [new("a", "c9", 1, false)])));
        Assert.Equal("Tenant 'a' has a negative epoch (-2).", Refusal(TableFactory.Snapshot(Cells, [new("a", "c1", -2, false)])));
        Assert.Equal("Tenant 'a' appears twice in the routing table.", Refusal(TableFactory.Snapshot(Cells, [new("a", "c1", 1, false), new("a", "c2", 1, false)])));
        Assert.Equal("Tenant 'a' has weight 0; a weight must be between 1 and 1000000.", Refusal(TableFactory.Snapshot(Cells, [new("a", "c1", 1, false, Weight: 0)])));
        Assert.Equal("The routing table is empty.", Assert.Throws<RoutingTableException>(() => RoutingTable.ReadJson("null"u8)).Message);
    }

    [Fact]
    public void ReadJson_DuplicateAmongManyTenants_SameOutcomeAsFromSnapshot()
    {
        var tenants = Enumerable.Range(0, 50_000).Select(i => new TenantRouteSpec($"tenant-{i}", "c1", i % 100, false)).ToList();
        tenants[31_337] = tenants[4_242] with { Epoch = 5 };
        tenants[40_000] = tenants[40_000] with { Epoch = -1 };

        SnapshotJson.AssertSameAsOld(SnapshotJson.Serialize(TableFactory.Snapshot(Cells, tenants)));
    }

    [Theory]
    // Layouts and spellings the serializer accepts.
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"epoch\":2,\"pinned\":true,\"weight\":3}]}")]
    [InlineData("{\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"},null,{\"id\":\"b\",\"cell\":\"c1\"}]," + OneCell + "," + Head + "}")]
    [InlineData("{\"tenants\":[{\"weight\":3,\"pinned\":true,\"epoch\":2,\"cell\":\"c1\",\"id\":\"a\"}]," + OneCell + "," + Head + "}")]
    [InlineData("{\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"},{\"id\":\"a\",\"cell\":\"c1\"}]," + OneCell + "," + Head + "}")]
    [InlineData("{\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"}]," + Head + "}")]
    [InlineData("{\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"}],\"cells\":null," + Head + "}")]
    [InlineData("{\"tenants\":[]," + OneCell + "," + Head + "}")]
    [InlineData("{\"FORMAT\":\"cellular.routing-table/v1\",\"Version\":\"3\",\"CELLS\":[{\"ID\":\"c1\",\"State\":\"active\"}],\"Tenants\":[{\"ID\":\"a\",\"Cell\":\"c1\",\"EPOCH\":\"7\",\"Pinned\":true,\"WEIGHT\":\"5\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"\\u0069d\":\"\\u0061cme\",\"c\\u0065ll\":\"c\\u0031\",\"ep\\u006fch\":\"\\u0035\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\\u0020b\",\"cell\":\"c1\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"ok\",\"cell\":\"c\\u00e9\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"id\":\"b\",\"cell\":\"c9\",\"cell\":\"c1\",\"epoch\":-1,\"epoch\":4}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"x\":{\"y\":[1,{\"z\":null}]},\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"note\":{\"id\":\"zz\",\"l\":[[],{}]},\"n\":null}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a b\",\"cell\":\"c1\",\"epoch\":1.5}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"}],\"tenants\":[{\"id\":\"b\",\"cell\":\"c1\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a b\",\"cell\":\"c1\"}],\"tenants\":[{\"id\":\"b\",\"cell\":\"c1\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"}],\"tenants\":null}")]
    [InlineData("{" + Head + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"}],\"cells\":[{\"id\":\"c1\",\"state\":\"Active\"}],\"cells\":[{\"id\":\"c1\",\"state\":\"Draining\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"}],\"cells\":[{\"id\":\"c1\",\"state\":\"Draining\"}]}")]
    [InlineData("{" + Head + ",\"cells\":[{\"id\":\"C1\"}],\"tenants\":[{\"id\":\"a b\",\"cell\":\"c1\"}]}")]
    [InlineData("{\"format\":\"cellular.routing-table/v1\",\"version\":3,\"version\":0," + OneCell + ",\"tenants\":[]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[],\"fallback\":{\"kind\":\"hashed-buckets\",\"buckets\":[\"c1\"]},\"generatedAt\":\"2026-01-02T03:04:05.678+01:00\"}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[],\"fallback\":null}")]
    [InlineData("  {" + Head + "," + OneCell + ",\"tenants\":[]}\r\n\t ")]
    [InlineData("null")]
    // Not JSON, or values of the wrong type: JsonException on both paths.
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[]} x")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[]}{}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"},]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"}] /* note */ }")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":{}}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":5}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[5]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[[]]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[\"a\"]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":5,\"cell\":\"c1\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":[]}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"epoch\":true}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"epoch\":null}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"epoch\":\"x\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"epoch\":\" 5\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"epoch\":1e30}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"pinned\":\"true\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"pinned\":null}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"weight\":null}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"weight\":3000000000}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"\\ud800\",\"cell\":\"c1\"}]}")]
    [InlineData("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a b\",\"cell\":\"c1\"},{\"id\":\"a\",\"cell\":\"c1\",\"epoch\":false}]}")]
    [InlineData("{\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\",\"epoch\":false}]," + OneCell + "," + Head + ",}")]
    [InlineData("{\"format\":5," + OneCell + ",\"tenants\":[]}")]
    [InlineData("{" + Head + ",\"cells\":5,\"tenants\":[]}")]
    [InlineData("{" + Head + ",\"generatedAt\":\"yesterday\"," + OneCell + ",\"tenants\":[]}")]
    [InlineData("{" + Head + ",\"fallback\":{\"kind\":\"sideways\"}," + OneCell + ",\"tenants\":[]}")]
    public void ReadJson_HandWrittenJson_SameOutcomeAsDeserializeAndFromSnapshot(string json)
    {
        SnapshotJson.AssertSameAsOld(json);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("cell")]
    public void ReadJson_StringNotUtf8_JsonException(string property)
    {
        var json = Encoding.UTF8.GetBytes("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c1\"},{\"id\":\"X\",\"cell\":\"X\"}]}");
        var at = Encoding.UTF8.GetString(json).LastIndexOf($"\"{property}\":\"X\"", StringComparison.Ordinal) + property.Length + 4;
        json[at] = 0xC3;

        SnapshotJson.AssertSameAsOld(json);
        Assert.ThrowsAny<JsonException>(() => RoutingTable.ReadJson(json));
    }

    [Fact]
    public void ReadJson_InvalidTenantAndLaterBadUtf8_JsonExceptionAsDeserializingFirst()
    {
        // Deserialising fails on the bytes before any tenant is validated: so must the stream.
        var json = Encoding.UTF8.GetBytes("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a b\",\"cell\":\"c1\"},{\"id\":\"X\",\"cell\":\"c1\"}]}");
        json[Encoding.UTF8.GetString(json).IndexOf("\"X\"", StringComparison.Ordinal) + 1] = 0xFF;

        SnapshotJson.AssertSameAsOld(json);
    }

    [Fact]
    public async Task ReadJsonAsync_DifferentCellsAgainAfterTenants_RefusedWhileSpanReadsLikeDeserialize()
    {
        // No writer produces this; the span reader falls back to deserialising, the stream cannot.
        var json = Encoding.UTF8.GetBytes("{" + Head + "," + OneCell + ",\"tenants\":[{\"id\":\"a\",\"cell\":\"c2\"}],\"cells\":[{\"id\":\"c2\",\"state\":\"Active\"}]}");

        var table = RoutingTable.ReadJson(json);

        SnapshotJson.AssertEquivalent(SnapshotJson.ReadOld(json), table);
        var error = await Assert.ThrowsAsync<RoutingTableException>(() => RoutingTable.ReadJsonAsync(new MemoryStream(json)));
        Assert.Contains("different cells after its tenants", error.Message);
    }
}
