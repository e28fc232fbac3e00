using System.Security.Cryptography;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Snapshot;

/// <summary>
/// A 1M-tenant table in the checksummed <see cref="RoutingTableFile"/> form (the router's
/// last-known-good file): write, verify and read back, and read back into a table (what a
/// router does at start-up). Server GC, as in the router. Sizes are printed by <c>--memory</c>.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[GcServer(true)]
public class TableFileBenchmarks
{
    private RoutingTableSnapshot? _snapshot;
    private byte[] _file = [];

    /// <summary>Tenants in the table.</summary>
    [Params(1_000_000)]
    public int Tenants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = SnapshotGenerator.Create(Tenants, cells: 100);
        _file = RoutingTableFile.Serialize(_snapshot);
    }

    /// <summary>Snapshot → file bytes (JSON plus SHA-256).</summary>
    [Benchmark]
    public byte[] Serialize() => RoutingTableFile.Serialize(_snapshot!);

    /// <summary>
    /// The part of <see cref="RoutingTableFile.ReadSnapshot"/> before deserialising: find the
    /// <c>table</c> value by tokenising the envelope (which walks the whole table) and hash it.
    /// </summary>
    [Benchmark]
    public int ScanAndChecksum()
    {
        var reader = new Utf8JsonReader(_file);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTable = reader.ValueTextEquals("table"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isTable)
            {
                return SHA256.HashData(_file.AsSpan(start, (int)reader.BytesConsumed - start))[0];
            }
        }

        return -1;
    }

    /// <summary>File bytes → verified snapshot.</summary>
    [Benchmark(Baseline = true)]
    public RoutingTableSnapshot ReadSnapshot() => RoutingTableFile.ReadSnapshot(_file);

    /// <summary>File bytes → verified snapshot → table.</summary>
    [Benchmark]
    public RoutingTable Read() => RoutingTableFile.Read(_file);
}
