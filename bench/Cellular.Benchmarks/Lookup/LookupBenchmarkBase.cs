using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Lookup;

/// <summary>
/// What every lookup benchmark shares: the tables (each benchmark process builds only the one it
/// reads), the rules measured, and the batch loop. Subclasses choose the table sizes and which
/// keys a batch walks: the whole key set (cold) or a small hot set.
/// Each invocation resolves <see cref="Batch"/> keys; the reported time is per lookup.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public abstract class LookupBenchmarkBase
{
    /// <summary>Lookups per invocation.</summary>
    public const int Batch = 4096;

    private RoutingTable _bucketTable = RoutingTable.Empty;
    private RoutingTable _ringTable = RoutingTable.Empty;
    private RoutingTable _rejectTable = RoutingTable.Empty;
    private PreviousDictionaryTable? _dictionary;

    /// <summary>Tenants in the table.</summary>
    public abstract int Tenants { get; set; }

    /// <summary>Cells in the table.</summary>
    public abstract int Cells { get; set; }

    /// <summary>Keys of assigned (not pinned) tenants.</summary>
    protected KeySet? Assigned { get; set; }

    /// <summary>Keys of pinned tenants.</summary>
    protected KeySet? Pinned { get; set; }

    /// <summary>Keys the table does not list.</summary>
    protected KeySet? Unknown { get; set; }

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
        var keys = Assigned!;
        var mask = keys.Count - 1;
        var start = BatchStart();
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            sum += _dictionary!.Lookup(keys[(start + i) & mask]).Epoch;
        }

        return sum;
    }

    /// <summary>A tenant with an explicit assignment.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Assignment() => Run(_bucketTable, Assigned!);

    /// <summary>A pinned tenant.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long Pin() => Run(_bucketTable, Pinned!);

    /// <summary>An unknown key resolved by the hashed-bucket fallback.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long HashedBucketFallback() => Run(_bucketTable, Unknown!);

    /// <summary>An unknown key resolved by the consistent-hash fallback.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long ConsistentHashFallback() => Run(_ringTable, Unknown!);

    /// <summary>An unknown key refused by the reject fallback (the router's 404).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long UnknownRejected() => Run(_rejectTable, Unknown!);

    /// <summary>Fills <see cref="Assigned"/>, <see cref="Pinned"/> and <see cref="Unknown"/>; each key set's size is a power of two.</summary>
    protected abstract void CreateKeys();

    /// <summary>Index of this invocation's first key; the batch then wraps around the key set.</summary>
    protected abstract int BatchStart();

    private long Run(RoutingTable table, KeySet keys)
    {
        var mask = keys.Count - 1;
        var start = BatchStart();
        long sum = 0;
        for (var i = 0; i < Batch; i++)
        {
            var result = table.Lookup(keys[(start + i) & mask]);
            sum += result.CellIndex + result.Epoch;
        }

        return sum;
    }
}
