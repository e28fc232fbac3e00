using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.ControlPlane.Tests.Publishing;

public sealed class SnapshotFactoryTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly TableState State = new(
        42,
        At,
        [Cell("a", CellState.Active), Cell("b", CellState.Draining), Cell("c", CellState.Active)],
        [new Tenant("acme", 3, "b", true, 2), new Tenant("globex", 1, "a", false, 1)],
        "store-1");

    [Fact]
    public void Build_Default_IsAValidRejectTableWithEveryCellAndTenant()
    {
        var snapshot = SnapshotFactory.Build(State, new FallbackOptions());

        var table = RoutingTable.FromSnapshot(snapshot);
        Assert.Equal((42L, At, FallbackKind.Reject), (table.Version, table.GeneratedAt, table.Fallback.Kind));
        Assert.Equal(["a", "b", "c"], table.Cells.Select(c => c.Id));
        Assert.Equal(new RouteResult(RouteRule.Pin, 1, 2), table.Lookup("acme"));
        Assert.Equal(new RouteResult(RouteRule.Assignment, 0, 1), table.Lookup("globex"));
        Assert.False(table.Lookup("unknown").Found);
        Assert.Equal("store-1", snapshot.StoreId);
    }

    [Fact]
    public void Build_HashedBuckets_DealsBucketsOverActiveCells()
    {
        var snapshot = SnapshotFactory.Build(State, new FallbackOptions { Kind = "hashed-buckets", Buckets = 6 });

        Assert.Equal(["a", "c", "a", "c", "a", "c"], snapshot.Fallback.Buckets!);
        Assert.Equal(RouteRule.HashedBucket, RoutingTable.FromSnapshot(snapshot).Lookup("unknown").Rule);
    }

    [Fact]
    public void Build_HashedBucketsWithoutActiveCell_FallsBackToReject()
    {
        var state = State with { Cells = [Cell("b", CellState.Draining)], Tenants = [] };

        var snapshot = SnapshotFactory.Build(state, new FallbackOptions { Kind = "hashed-buckets" });

        Assert.Equal(FallbackKind.Reject, snapshot.Fallback.Kind);
    }

    [Fact]
    public void Build_ConsistentHash_CarriesVirtualNodes()
    {
        var snapshot = SnapshotFactory.Build(State, new FallbackOptions { Kind = "consistent-hash", VirtualNodes = 16 });

        Assert.Equal((FallbackKind.ConsistentHash, 16), (snapshot.Fallback.Kind, snapshot.Fallback.VirtualNodes));
        Assert.Equal(RouteRule.ConsistentHash, RoutingTable.FromSnapshot(snapshot).Lookup("unknown").Rule);
    }

    private static Cell Cell(string id, CellState state) =>
        new(id, "local", "local-a", CellStage.Prod, 100, $"http://127.0.0.1:{5100 + id[0]}", state, "static", new Dictionary<string, string>(), "1.0.0");
}
