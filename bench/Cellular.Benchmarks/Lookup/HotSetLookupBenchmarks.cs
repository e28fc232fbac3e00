using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Lookup;

/// <summary>
/// <see cref="RoutingTable.Lookup"/> on a 10M-tenant table when traffic comes from a hot set
/// of tenants (the active ones). With 64 hot tenants everything stays in L1/L2 and the TLB:
/// that is the compute of a lookup (hash, compare, decode). With 4096 the data still fits the
/// caches but touches about 8192 distinct 4 KiB pages, more than the TLB maps. Against
/// <see cref="LookupBenchmarks"/> (uniformly random, cold) this separates compute from memory latency.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class HotSetLookupBenchmarks
{
    /// <summary>Lookups per invocation.</summary>
    public const int Batch = 4096;

    private RoutingTable _bucketTable = RoutingTable.Empty;
    private RoutingTable _ringTable = RoutingTable.Empty;
    private RoutingTable _rejectTable = RoutingTable.Empty;
    private PreviousDictionaryTable? _dictionary;
    private KeySet? _assigned;
    private KeySet? _pinned;
    private KeySet? _unknown;

    /// <summary>Tenants in the table.</summary>
    [Params(10_000_000)]
    public int Tenants { get; set; }

    /// <summary>Cells in the table.</summary>
    [Params(100)]
    public int Cells { get; set; }

    /// <summary>Distinct tenants the lookups cycle over; a power of two.</summary>
    [Params(64, 4096)]
    public int HotKeys { get; set; }

    /// <summary>The baseline builds only the dictionary.</summary>
    [GlobalSetup(Target = nameof(PreviousDictionary_Assignment))]
    public void SetupDictionary()
    {
        _dictionary = new PreviousDictionaryTable(SnapshotGenerator.Create(Tenants, Cells));
        CreateKeys();
    }

    /// <summary>Assignment, pin and hashed-bucket fallback share the shipped table (hashed-bucket fallback).</summary>
    [GlobalSetup(Targets = [nameof(Assignment), nameof(Pin), nameof(HashedBucketFallback)])]
    public void SetupBucketTable()
    {
        _bucketTable = RoutingTable.FromSnapshot(SnapshotGenerator.Create(Tenants, Cells));
        CreateKeys();
    }

    /// <summary>The same tenants with the consistent-hash fallback.</summary>
    [GlobalSetup(Target = nameof(ConsistentHashFallback))]
    public void SetupRingTable()
    {
        _ringTable = RoutingTable.FromSnapshot(SnapshotGenerator.Create(Tenants, Cells, SnapshotGenerator.ConsistentHash));
        CreateKeys();
    }

    /// <summary>The same tenants with the reject fallback.</summary>
    [GlobalSetup(Target = nameof(UnknownRejected))]
    public void SetupRejectTable()
    {
        _rejectTable = RoutingTable.FromSnapshot(SnapshotGenerator.Create(Tenants, Cells, FallbackSpec.Reject));
        CreateKeys();
    }

    /// <summary>The table this change replaced, on the same keys as <see cref="Assignment"/>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public long PreviousDictionary_Assignment()
    {
        var keys = _assigned!;
        var mask = HotKeys - 1;
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += _dictionary!.Lookup(keys[i & mask]).Epoch;
        }

        return sum;
    }

    /// <summary>A tenant with an explicit assignment.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Assignment() => Run(_bucketTable, _assigned!);

    /// <summary>A pinned tenant.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Pin() => Run(_bucketTable, _pinned!);

    /// <summary>An unknown key resolved by the hashed-bucket fallback.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long HashedBucketFallback() => Run(_bucketTable, _unknown!);

    /// <summary>An unknown key resolved by the consistent-hash fallback.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long ConsistentHashFallback() => Run(_ringTable, _unknown!);

    /// <summary>An unknown key refused by the reject fallback (the router's 404).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long UnknownRejected() => Run(_rejectTable, _unknown!);

    // Each benchmark runs in a process of its own: build only the table it reads (a 10M-tenant
    // snapshot and table take seconds and gigabytes), but the same keys for every one.
    private void CreateKeys()
    {
        var pins = (Tenants + SnapshotGenerator.PinEvery - 1) / SnapshotGenerator.PinEvery;
        _assigned = KeySet.Create(HotKeys, 1, r => SnapshotGenerator.TenantId((r.Next(pins - 1) * (long)SnapshotGenerator.PinEvery) + 1 + r.Next(SnapshotGenerator.PinEvery - 1)));
        _pinned = KeySet.Create(HotKeys, 2, r => SnapshotGenerator.TenantId(r.Next(pins) * (long)SnapshotGenerator.PinEvery));
        _unknown = KeySet.Create(HotKeys, 3, r => SnapshotGenerator.UnknownId(Tenants, r.Next(int.MaxValue - Tenants)));
    }

    private long Run(RoutingTable table, KeySet keys)
    {
        var mask = HotKeys - 1;
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var result = table.Lookup(keys[i & mask]);
            sum += result.CellIndex + result.Epoch;
        }

        return sum;
    }
}
