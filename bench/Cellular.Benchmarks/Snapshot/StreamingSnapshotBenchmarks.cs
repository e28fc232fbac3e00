using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Snapshot;

/// <summary>
/// Applying and persisting a 1M-tenant table (100 cells) the old way, through a
/// <see cref="RoutingTableSnapshot"/> (a record and two strings per tenant), against the
/// streaming <see cref="RoutingTableJson"/> reader and writer that go straight between JSON bytes
/// and the compact map. Time and allocated bytes per operation; Server GC, as in the router.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[GcServer(true)]
public class StreamingSnapshotBenchmarks
{
    private byte[] _json = [];
    private byte[] _file = [];
    private RoutingTable? _table;
    private MemoryStream _output = new();

    /// <summary>Tenants in the table.</summary>
    [Params(1_000_000)]
    public int Tenants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = SnapshotGenerator.Create(Tenants, cells: 100);
        _json = JsonSerializer.SerializeToUtf8Bytes(snapshot, CellularJsonContext.Default.RoutingTableSnapshot);
        _file = RoutingTableFile.Serialize(snapshot);
        _table = RoutingTable.FromSnapshot(snapshot);
        _output = new MemoryStream(_file.Length + (1 << 20));
    }

    /// <summary>Old apply: fetched body → snapshot → table.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Read")]
    public RoutingTable DeserializeAndBuild() =>
        RoutingTable.FromSnapshot(JsonSerializer.Deserialize(_json, CellularJsonContext.Default.RoutingTableSnapshot)!);

    /// <summary>Old apply from a stream, as <c>RoutingTableSync</c> reads the body.</summary>
    [Benchmark]
    [BenchmarkCategory("Read")]
    public async Task<RoutingTable> DeserializeStreamAndBuild()
    {
        using var body = new MemoryStream(_json, writable: false);
        var snapshot = await JsonSerializer.DeserializeAsync(body, CellularJsonContext.Default.RoutingTableSnapshot);
        return RoutingTable.FromSnapshot(snapshot!);
    }

    /// <summary>New apply: body bytes → table.</summary>
    [Benchmark]
    [BenchmarkCategory("Read")]
    public RoutingTable ReadJson() => RoutingTable.ReadJson(_json);

    /// <summary>New apply from a stream, 64 KiB at a time.</summary>
    [Benchmark]
    [BenchmarkCategory("Read")]
    public async Task<RoutingTable> ReadJsonStream()
    {
        using var body = new MemoryStream(_json, writable: false);
        return await RoutingTable.ReadJsonAsync(body);
    }

    /// <summary>Old start-up load: file bytes → verified snapshot → table.</summary>
    [Benchmark]
    [BenchmarkCategory("File")]
    public RoutingTable FileReadViaSnapshot() => RoutingTable.FromSnapshot(RoutingTableFile.ReadSnapshot(_file));

    /// <summary>New start-up load: the file as a stream, hashed and built in one pass.</summary>
    [Benchmark]
    [BenchmarkCategory("File")]
    public RoutingTable FileReadStream()
    {
        using var file = new MemoryStream(_file, writable: false);
        return RoutingTableFile.Read(file);
    }

    /// <summary>Old save: table → snapshot → file bytes.</summary>
    [Benchmark]
    [BenchmarkCategory("Write")]
    public long FileWriteViaSnapshot()
    {
        _output.SetLength(0);
        _output.Write(RoutingTableFile.Serialize(_table!.ToSnapshot()));
        return _output.Length;
    }

    /// <summary>New save: table → file, encoded from the compact map as it is written.</summary>
    [Benchmark]
    [BenchmarkCategory("Write")]
    public long FileWriteStream()
    {
        _output.SetLength(0);
        RoutingTableFile.Write(_table!, _output);
        return _output.Length;
    }
}
