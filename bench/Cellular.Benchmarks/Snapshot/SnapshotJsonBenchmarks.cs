using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Snapshot;

/// <summary>
/// A 1M-tenant <see cref="RoutingTableSnapshot"/> as JSON (the body of
/// <c>GET /api/v1/routing-table</c>), through <see cref="CellularJsonContext"/>; and the whole
/// apply step a router takes on a fetched body: deserialise, then build. Server GC, as in the router.
/// Sizes are printed by <c>--memory</c>.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[GcServer(true)]
public class SnapshotJsonBenchmarks
{
    private RoutingTableSnapshot? _snapshot;
    private byte[] _json = [];

    /// <summary>Tenants in the snapshot.</summary>
    [Params(1_000_000)]
    public int Tenants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = SnapshotGenerator.Create(Tenants, cells: 100);
        _json = JsonSerializer.SerializeToUtf8Bytes(_snapshot, CellularJsonContext.Default.RoutingTableSnapshot);
    }

    /// <summary>Snapshot → UTF-8 JSON, as the control plane publishes it.</summary>
    [Benchmark]
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(_snapshot!, CellularJsonContext.Default.RoutingTableSnapshot);

    /// <summary>UTF-8 JSON → snapshot.</summary>
    [Benchmark(Baseline = true)]
    public RoutingTableSnapshot? Deserialize() => JsonSerializer.Deserialize(_json, CellularJsonContext.Default.RoutingTableSnapshot);

    /// <summary>UTF-8 JSON → snapshot → table: what a router does with a fetched table.</summary>
    [Benchmark]
    public RoutingTable DeserializeAndBuild() => RoutingTable.FromSnapshot(JsonSerializer.Deserialize(_json, CellularJsonContext.Default.RoutingTableSnapshot)!);

    /// <summary>
    /// The same from a stream with <see cref="JsonSerializer.DeserializeAsync{TValue}(Stream, System.Text.Json.Serialization.Metadata.JsonTypeInfo{TValue}, CancellationToken)"/>,
    /// as <c>RoutingTableSync</c> reads the response body: the apply step of the 1 s goal, minus the network.
    /// </summary>
    [Benchmark]
    public async Task<RoutingTable> DeserializeStreamAndBuild()
    {
        using var body = new MemoryStream(_json, writable: false);
        var snapshot = await JsonSerializer.DeserializeAsync(body, CellularJsonContext.Default.RoutingTableSnapshot);
        return RoutingTable.FromSnapshot(snapshot!);
    }
}
