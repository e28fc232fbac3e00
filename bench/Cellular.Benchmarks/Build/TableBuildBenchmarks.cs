using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Benchmarks.Lookup;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Build;

/// <summary>
/// <see cref="RoutingTable.FromSnapshot"/> on an already deserialised 1M- or 10M-tenant snapshot:
/// validation plus building the compact tenant map. Server GC, as in the router.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[GcServer(true)]
public class TableBuildBenchmarks
{
    private RoutingTableSnapshot? _snapshot;

    /// <summary>Tenants in the snapshot.</summary>
    [Params(1_000_000, 10_000_000)]
    public int Tenants { get; set; }

    /// <summary>Cells in the snapshot.</summary>
    [Params(100)]
    public int Cells { get; set; }

    [GlobalSetup]
    public void Setup() => _snapshot = SnapshotGenerator.Create(Tenants, Cells);

    /// <summary>The tenant dictionary this change replaced (no validation, so a lower bound for it).</summary>
    [Benchmark(Baseline = true)]
    public PreviousDictionaryTable PreviousDictionary() => new(_snapshot!);

    /// <summary>Validate and build the table.</summary>
    [Benchmark]
    public RoutingTable FromSnapshot() => RoutingTable.FromSnapshot(_snapshot!);
}
