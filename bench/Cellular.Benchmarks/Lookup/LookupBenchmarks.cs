using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Lookup;

/// <summary>
/// <see cref="RoutingTable.Lookup"/> per decision rule, with keys drawn uniformly at random
/// from the whole table. At 1M and 10M tenants the table is far larger than the CPU caches,
/// so these are cold lookups: the worst case, with no locality between requests.
/// Each invocation resolves <see cref="Batch"/> keys; the reported time is per lookup.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class LookupBenchmarks
{
    /// <summary>Lookups per invocation.</summary>
    public const int Batch = 4096;

    private const int KeyCount = 1 << 20;

    private RoutingTable _bucketTable = RoutingTable.Empty;
    private RoutingTable _ringTable = RoutingTable.Empty;
    private RoutingTable _rejectTable = RoutingTable.Empty;
    private PreviousDictionaryTable? _dictionary;
    private KeySet? _assigned;
    private KeySet? _pinned;
    private KeySet? _unknown;
    private int _cursor;

    /// <summary>Tenants in the table.</summary>
    [Params(10_000, 1_000_000, 10_000_000)]
    public int Tenants { get; set; }

    /// <summary>Cells in the table.</summary>
    [Params(100, 1000)]
    public int Cells { get; set; }

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
        var start = Advance();
        long sum = 0;
        for (var i = start; i < start + Batch; i++)
        {
            sum += _dictionary!.Lookup(keys[i]).Epoch;
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
        _assigned = KeySet.Create(KeyCount, 1, r => SnapshotGenerator.TenantId(AssignedTenant(r)));
        _pinned = KeySet.Create(KeyCount, 2, r => SnapshotGenerator.TenantId(r.Next(pins) * (long)SnapshotGenerator.PinEvery));
        _unknown = KeySet.Create(KeyCount, 3, r => SnapshotGenerator.UnknownId(Tenants, r.Next(int.MaxValue - Tenants)));
    }

    private int AssignedTenant(Random random)
    {
        while (true)
        {
            var i = random.Next(Tenants);
            if (!SnapshotGenerator.IsPinned(i))
            {
                return i;
            }
        }
    }

    private long Run(RoutingTable table, KeySet keys)
    {
        var start = Advance();
        long sum = 0;
        for (var i = start; i < start + Batch; i++)
        {
            var result = table.Lookup(keys[i]);
            sum += result.CellIndex + result.Epoch;
        }

        return sum;
    }

    /// <summary>Start of this invocation's batch; successive invocations walk the whole key set.</summary>
    private int Advance()
    {
        var start = _cursor;
        _cursor = (_cursor + Batch) & (KeyCount - 1);
        return start;
    }
}
