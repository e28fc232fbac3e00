using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

public sealed class RoutingTableDeltaTests
{
    private static readonly FallbackSpec Buckets = new(FallbackKind.HashedBuckets, Buckets: ["c3", "c3", "c3", "c3"]);

    private static RoutingTable Base(int tenants = 10) =>
        RoutingTable.FromSnapshot(TableFactory.Snapshot(
            TableFactory.Cells(3),
            Enumerable.Range(0, tenants).Select(i => new TenantRouteSpec($"t{i}", $"c{(i % 2) + 1}", 1, Pinned: false)).ToList(),
            Buckets,
            version: 5));

    private static RoutingTableDelta Delta(
        long from,
        long to,
        IReadOnlyList<TenantRouteSpec>? upserts = null,
        IReadOnlyList<string>? removals = null,
        IReadOnlyList<CellRouteSpec>? cells = null,
        FallbackSpec? fallback = null) =>
        new(RoutingTableDelta.CurrentFormat, from, to, DateTimeOffset.UnixEpoch.AddDays(1), fallback ?? Buckets, cells ?? TableFactory.Cells(3), upserts ?? [], removals ?? []);

    [Fact]
    public void ApplyDelta_MovedTenant_RoutesToNewCellWithNewEpoch()
    {
        var table = Base().ApplyDelta(Delta(5, 6, [new("t0", "c2", 2, Pinned: false)]));

        var result = table.Lookup("t0");

        Assert.Equal(6, table.Version);
        Assert.Equal("c2", table.Cells[result.CellIndex].Id);
        Assert.Equal(2, result.Epoch);
        Assert.Equal(RouteRule.Assignment, result.Rule);
        Assert.Equal("c2", table.Cells[table.Lookup("t1").CellIndex].Id);
        Assert.Equal(10, table.TenantCount);
    }

    [Fact]
    public void ApplyDelta_PinAddAndRemove_ChangeLookupsAndCount()
    {
        var table = Base().ApplyDelta(Delta(5, 6, [new("t3", "c1", 4, Pinned: true), new("fresh", "c3", 0, Pinned: false)], ["t4"]));

        Assert.Equal(new RouteResult(RouteRule.Pin, 0, 4), table.Lookup("t3"));
        Assert.Equal(new RouteResult(RouteRule.Assignment, 2, 0), table.Lookup("fresh"));
        Assert.Equal(RouteRule.HashedBucket, table.Lookup("t4").Rule);
        Assert.Equal(10, table.TenantCount);
    }

    [Fact]
    public void ApplyDelta_Chained_KeepsEarlierChanges()
    {
        var table = Base()
            .ApplyDelta(Delta(5, 6, [new("t0", "c3", 2, Pinned: false)]))
            .ApplyDelta(Delta(6, 9, [new("t1", "c3", 2, Pinned: false)], ["t2"]));

        Assert.Equal("c3", table.Cells[table.Lookup("t0").CellIndex].Id);
        Assert.Equal("c3", table.Cells[table.Lookup("t1").CellIndex].Id);
        Assert.Equal(RouteRule.HashedBucket, table.Lookup("t2").Rule);
        Assert.Equal(9, table.TenantCount);
    }

    [Fact]
    public void ApplyDelta_RemovedThenAddedAgain_IsBack()
    {
        var table = Base()
            .ApplyDelta(Delta(5, 6, removals: ["t0"]))
            .ApplyDelta(Delta(6, 7, [new("t0", "c2", 3, Pinned: false)]));

        Assert.Equal(new RouteResult(RouteRule.Assignment, 1, 3), table.Lookup("t0"));
        Assert.Equal(10, table.TenantCount);
    }

    [Fact]
    public void ApplyDelta_NewCellSortedFirst_KeepsUnchangedTenantsOnTheirCells()
    {
        var cells = new[] { new CellRouteSpec("a0", "http://127.0.0.1:5000", CellState.Active) }.Concat(TableFactory.Cells(3)).ToList();

        var table = Base().ApplyDelta(Delta(5, 6, [new("t9", "a0", 2, Pinned: false)], cells: cells));

        Assert.Equal("a0", table.Cells[table.Lookup("t9").CellIndex].Id);
        Assert.Equal("c1", table.Cells[table.Lookup("t0").CellIndex].Id);
        Assert.Equal("c2", table.Cells[table.Lookup("t1").CellIndex].Id);
        Assert.Equal("c3", table.Cells[table.Lookup("unknown").CellIndex].Id);
    }

    [Fact]
    public void ApplyDelta_CellRemovedWithTenantsLeft_IsRefused()
    {
        var cells = TableFactory.Cells(3).Where(c => c.Id != "c1").ToList();
        var fallback = new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c3"]);

        var e = Assert.Throws<RoutingTableException>(() => Base().ApplyDelta(Delta(5, 6, cells: cells, fallback: fallback)));

        Assert.Contains("'c1', which is not in the table", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyDelta_CellRemovedAfterItsTenantsMoved_Applies()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(3), [new("x", "c1", 1, Pinned: false), new("y", "c2", 1, Pinned: false)], Buckets, version: 5));
        var cells = TableFactory.Cells(3).Where(c => c.Id != "c1").ToList();

        var next = table.ApplyDelta(Delta(5, 6, [new("x", "c2", 2, Pinned: false)], cells: cells));

        Assert.Equal("c2", next.Cells[next.Lookup("x").CellIndex].Id);
        Assert.Equal("c2", next.Cells[next.Lookup("y").CellIndex].Id);
        Assert.Equal(2, next.Cells.Count);
        Assert.Equal(2, next.TenantCount);
    }

    [Fact]
    public void ApplyDelta_CellStateChange_RebuildsFallback()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(3), [], new FallbackSpec(FallbackKind.ConsistentHash, VirtualNodes: 64), version: 5));
        var cells = TableFactory.Cells(3).Select(c => c.Id == "c2" ? c with { State = CellState.Draining } : c).ToList();

        var next = table.ApplyDelta(Delta(5, 6, cells: cells, fallback: new FallbackSpec(FallbackKind.ConsistentHash, VirtualNodes: 64)));

        for (var i = 0; i < 200; i++)
        {
            Assert.NotEqual("c2", next.Cells[next.Lookup($"k{i}").CellIndex].Id);
        }
    }

    [Fact]
    public void ApplyDelta_Weights_FollowUpsertsAndRemovals()
    {
        var table = Base()
            .ApplyDelta(Delta(5, 6, [new("t0", "c1", 1, Pinned: false, Weight: 50), new("t1", "c2", 1, Pinned: false, Weight: 7)]))
            .ApplyDelta(Delta(6, 7, [new("t1", "c2", 1, Pinned: false)], ["t0"]));

        Assert.Equal(1, table.GetTenantWeight("t0"));
        Assert.Equal(1, table.GetTenantWeight("t1"));
        Assert.Equal(1, table.GetTenantWeight("t2"));
    }

    [Fact]
    public void ApplyDelta_ToSnapshot_HoldsTheMergedTenants()
    {
        var table = Base(3).ApplyDelta(Delta(5, 6, [new("t0", "c3", 2, Pinned: true, Weight: 9), new("new", "c1", 0, Pinned: false)], ["t1"]));

        var tenants = table.ToSnapshot().Tenants.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [new("new", "c1", 0, false), new("t0", "c3", 2, true, 9), new("t2", "c1", 1, false)],
            tenants);
    }

    [Fact]
    public void ApplyDelta_ManyChanges_CompactsAndStaysCorrect()
    {
        var table = Base(20_000);
        var moved = Enumerable.Range(0, 9_000).Select(i => new TenantRouteSpec($"t{i}", "c3", 2, Pinned: false)).ToList();

        var next = table.ApplyDelta(Delta(5, 6, moved, ["t19999"]));

        Assert.Null(next.Overlay);
        Assert.Equal(19_999, next.TenantCount);
        Assert.Equal(new RouteResult(RouteRule.Assignment, 2, 2), next.Lookup("t8999"));
        Assert.Equal(new RouteResult(RouteRule.Assignment, 0, 1), next.Lookup("t9000"));
        Assert.Equal(RouteRule.HashedBucket, next.Lookup("t19999").Rule);
    }

    [Theory]
    [InlineData("cellular.routing-table/v1", 5, 6, "Unknown routing table delta format")]
    [InlineData(RoutingTableDelta.CurrentFormat, 4, 6, "applies to routing table version 4, but this table is version 5")]
    [InlineData(RoutingTableDelta.CurrentFormat, 5, 5, "must move forward")]
    public void ApplyDelta_WrongHeader_IsRefused(string format, long from, long to, string message)
    {
        var delta = Delta(from, to) with { Format = format };

        var e = Assert.Throws<RoutingTableException>(() => Base().ApplyDelta(delta));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad Id", "c1", 1, 1, "invalid tenant id")]
    [InlineData("t0", "c9", 1, 1, "'c9', which is not in the table")]
    [InlineData("t0", "c1", -1, 1, "negative epoch")]
    [InlineData("t0", "c1", 1, 0, "weight 0")]
    public void ApplyDelta_BadUpsert_IsRefused(string id, string cell, long epoch, int weight, string message)
    {
        var e = Assert.Throws<RoutingTableException>(() => Base().ApplyDelta(Delta(5, 6, [new(id, cell, epoch, Pinned: false, weight)])));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyDelta_TenantTwice_IsRefused()
    {
        var e = Assert.Throws<RoutingTableException>(() => Base().ApplyDelta(Delta(5, 6, [new("t0", "c1", 1, Pinned: false)], ["t0"])));

        Assert.Contains("'t0' appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyDelta_LeavesThePreviousTableUntouched()
    {
        var table = Base();

        _ = table.ApplyDelta(Delta(5, 6, [new("t0", "c3", 2, Pinned: false)], ["t1"]));

        Assert.Equal(new RouteResult(RouteRule.Assignment, 0, 1), table.Lookup("t0"));
        Assert.Equal(new RouteResult(RouteRule.Assignment, 1, 1), table.Lookup("t1"));
        Assert.Equal(5, table.Version);
    }
}
