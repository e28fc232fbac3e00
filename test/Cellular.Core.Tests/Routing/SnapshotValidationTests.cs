using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

public sealed class SnapshotValidationTests
{
    public static TheoryData<string, RoutingTableSnapshot> BadSnapshots => new()
    {
        { "format", TableFactory.Snapshot(TableFactory.Cells(1)) with { Format = "something-else" } },
        { "version", TableFactory.Snapshot(TableFactory.Cells(1), version: 0) },
        { "appears twice", TableFactory.Snapshot(TableFactory.Cells(1), [new("a", "c1", 1, false), new("a", "c1", 1, false)]) },
        { "not in the table", TableFactory.Snapshot(TableFactory.Cells(1), [new("a", "c9", 1, false)]) },
        { "invalid tenant id", TableFactory.Snapshot(TableFactory.Cells(1), [new("a b", "c1", 1, false)]) },
        { "invalid cell id", TableFactory.Snapshot([new CellRouteSpec("C1", "http://x", CellState.Active)]) },
        { "Cell 'c1' appears twice", TableFactory.Snapshot([new CellRouteSpec("c1", "http://x", CellState.Active), new CellRouteSpec("c1", "http://y", CellState.Active)]) },
        { "not an absolute http", TableFactory.Snapshot([new CellRouteSpec("c1", "ftp://x", CellState.Active)]) },
        { "negative epoch", TableFactory.Snapshot(TableFactory.Cells(1), [new("a", "c1", -1, false)]) },
        { "bucket 1", TableFactory.Snapshot(TableFactory.Cells(1), fallback: new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c1", "c7"])) },
        { "virtual nodes", TableFactory.Snapshot(TableFactory.Cells(1), fallback: new FallbackSpec(FallbackKind.ConsistentHash, VirtualNodes: 0)) },
        { "first must start", TableFactory.Snapshot(TableFactory.Cells(1), fallback: new FallbackSpec(FallbackKind.KeyRanges, Ranges: [new("b", "c1")])) },
        { "strictly increasing", TableFactory.Snapshot(TableFactory.Cells(1), fallback: new FallbackSpec(FallbackKind.KeyRanges, Ranges: [new("", "c1"), new("m", "c1"), new("k", "c1")])) },
    };

    [Theory]
    [MemberData(nameof(BadSnapshots))]
    public void FromSnapshot_Inconsistent_RefusedWithReason(string reason, RoutingTableSnapshot snapshot)
    {
        var error = Assert.Throws<RoutingTableException>(() => RoutingTable.FromSnapshot(snapshot));

        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
