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
public class HotSetLookupBenchmarks : LookupBenchmarkBase
{
    /// <inheritdoc />
    [Params(10_000_000)]
    public override int Tenants { get; set; }

    /// <inheritdoc />
    [Params(100)]
    public override int Cells { get; set; }

    /// <summary>Distinct tenants the lookups cycle over; a power of two.</summary>
    [Params(64, 4096)]
    public int HotKeys { get; set; }

    /// <inheritdoc />
    protected override void CreateKeys()
    {
        var pins = (Tenants + SnapshotGenerator.PinEvery - 1) / SnapshotGenerator.PinEvery;
        Assigned = KeySet.Create(HotKeys, 1, r => SnapshotGenerator.TenantId((r.Next(pins - 1) * (long)SnapshotGenerator.PinEvery) + 1 + r.Next(SnapshotGenerator.PinEvery - 1)));
        Pinned = KeySet.Create(HotKeys, 2, r => SnapshotGenerator.TenantId(r.Next(pins) * (long)SnapshotGenerator.PinEvery));
        Unknown = KeySet.Create(HotKeys, 3, r => SnapshotGenerator.UnknownId(Tenants, r.Next(int.MaxValue - Tenants)));
    }

    /// <summary>Every invocation cycles over the same hot keys.</summary>
    protected override int BatchStart() => 0;
}
