using System.Text;
using System.Text.Json;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing.Json;

/// <summary>Runs the old path (deserialise, then FromSnapshot) and the streaming readers on the same bytes and compares what they do.</summary>
internal static class SnapshotJson
{
    public static byte[] Serialize(RoutingTableSnapshot snapshot) =>
        JsonSerializer.SerializeToUtf8Bytes(snapshot, CellularJsonContext.Default.RoutingTableSnapshot);

    public static byte[] Serialize(RoutingTable table) => Serialize(table.ToSnapshot());

    public static RoutingTable ReadOld(byte[] json) =>
        RoutingTable.FromSnapshot(JsonSerializer.Deserialize(json, CellularJsonContext.Default.RoutingTableSnapshot)!);

    /// <summary>Every way the new reader takes bytes: a span, a stream, and a stream that trickles a few bytes per read.</summary>
    public static IEnumerable<(string How, Func<RoutingTable> Read)> NewReaders(byte[] json, int seed = 1)
    {
        yield return ("span", () => RoutingTable.ReadJson(json));
        yield return ("stream", () => RoutingTable.ReadJsonAsync(new MemoryStream(json)).GetAwaiter().GetResult());
        yield return ("trickle", () => RoutingTableJson.ReadAsync(new TrickleStream(json, seed)).GetAwaiter().GetResult());
    }

    /// <summary>The new readers do what the old path does: the same table, the same RoutingTableException message, or a JsonException.</summary>
    public static void AssertSameAsOld(byte[] json)
    {
        RoutingTable? expected = null;
        Exception? expectedError = null;
        try
        {
            expected = ReadOld(json);
        }
        catch (Exception e) when (e is JsonException or RoutingTableException)
        {
            expectedError = e;
        }

        foreach (var (how, read) in NewReaders(json))
        {
            if (expectedError is RoutingTableException refused)
            {
                var error = Assert.Throws<RoutingTableException>(read);
                Assert.True(refused.Message == error.Message, $"{how}: expected \"{refused.Message}\", got \"{error.Message}\" for {Describe(json)}");
            }
            else if (expectedError is not null)
            {
                Assert.ThrowsAny<JsonException>(read);
            }
            else
            {
                AssertEquivalent(expected!, read(), how);
            }
        }
    }

    public static void AssertSameAsOld(string json) => AssertSameAsOld(Encoding.UTF8.GetBytes(json));

    /// <summary>Same version, time, cells, fallback, tenants (in order, with weights), and the same lookups.</summary>
    public static void AssertEquivalent(RoutingTable expected, RoutingTable actual, string how = "")
    {
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.GeneratedAt, actual.GeneratedAt);
        Assert.Equal(expected.Cells, actual.Cells);
        Assert.Equal(expected.TenantCount, actual.TenantCount);
        Assert.Equal(expected.Fallback.GetType(), actual.Fallback.GetType());
        var expectedJson = Serialize(expected);
        var actualJson = Serialize(actual);
        Assert.True(expectedJson.AsSpan().SequenceEqual(actualJson), $"{how}: the tables' snapshots differ");
        foreach (var tenant in expected.ToSnapshot().Tenants)
        {
            Assert.Equal(expected.Lookup(tenant.Id), actual.Lookup(tenant.Id));
            Assert.Equal(expected.GetTenantWeight(tenant.Id), actual.GetTenantWeight(tenant.Id));
        }

        foreach (var unknown in new[] { "zz-not-a-tenant", "a", "Q", "tenant-x-9", new string('k', 200) })
        {
            Assert.Equal(expected.Lookup(unknown), actual.Lookup(unknown));
        }
    }

    private static string Describe(byte[] json) => json.Length <= 400 ? Encoding.UTF8.GetString(json) : $"{json.Length} bytes";
}
