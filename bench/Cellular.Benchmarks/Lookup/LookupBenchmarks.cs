using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Lookup;

/// <summary>
/// <see cref="RoutingTable.Lookup"/> per decision rule, with keys drawn uniformly at random
/// from the whole table. At 1M and 10M tenants the table is far larger than the CPU caches,
/// so these are cold lookups: the worst case, with no locality between requests.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
public class LookupBenchmarks : LookupBenchmarkBase
{
    private const int KeyCount = 1 << 20;

    private int _cursor;

    /// <inheritdoc />
    [Params(10_000, 1_000_000, 10_000_000)]
    public override int Tenants { get; set; }

    /// <inheritdoc />
    [Params(100, 1000)]
    public override int Cells { get; set; }

    // Each benchmark runs in a process of its own: build only the table it reads (a 10M-tenant
    // snapshot and table take seconds and gigabytes), but the same keys for every one.
    /// <inheritdoc />
    protected override void CreateKeys()
    {
        var pins = (Tenants + SnapshotGenerator.PinEvery - 1) / SnapshotGenerator.PinEvery;
        Assigned = KeySet.Create(KeyCount, 1, r => SnapshotGenerator.TenantId(AssignedTenant(r)));
        Pinned = KeySet.Create(KeyCount, 2, r => SnapshotGenerator.TenantId(r.Next(pins) * (long)SnapshotGenerator.PinEvery));
        Unknown = KeySet.Create(KeyCount, 3, r => SnapshotGenerator.UnknownId(Tenants, r.Next(int.MaxValue - Tenants)));
    }

    /// <summary>Successive invocations walk the whole key set.</summary>
    protected override int BatchStart()
    {
        var start = _cursor;
        _cursor = (_cursor + Batch) & (KeyCount - 1);
        return start;
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
}
