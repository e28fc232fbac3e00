using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

public sealed class RoutingTableTests
{
    private static readonly FallbackSpec Buckets = new(FallbackKind.HashedBuckets, Buckets: ["c3", "c3", "c3", "c3"]);

    [Fact]
    public void Lookup_PinnedTenant_ReportsPinRule()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(3), [new("acme", "c2", 4, Pinned: true)], Buckets));

        var result = table.Lookup("acme");

        Assert.Equal(new RouteResult(RouteRule.Pin, 1, 4), result);
    }

    [Fact]
    public void Lookup_AssignedTenant_BeatsFallback()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(3), [new("acme", "c1", 2, Pinned: false)], Buckets));

        var result = table.Lookup("acme");

        Assert.Equal(RouteRule.Assignment, result.Rule);
        Assert.Equal("c1", table.Cells[result.CellIndex].Id);
        Assert.Equal(2, result.Epoch);
    }

    [Fact]
    public void Lookup_UnknownTenant_UsesFallback()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(3), [new("acme", "c1", 2, false)], Buckets));

        var result = table.Lookup("globex");

        Assert.Equal(RouteRule.HashedBucket, result.Rule);
        Assert.Equal("c3", table.Cells[result.CellIndex].Id);
        Assert.Equal(0, result.Epoch);
    }

    [Fact]
    public void Lookup_UnknownTenantWithRejectFallback_NotFound()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(3), [new("acme", "c1", 1, false)]));

        var result = table.Lookup("globex");

        Assert.False(result.Found);
        Assert.Equal(RouteRule.None, result.Rule);
    }

    [Fact]
    public void Lookup_IsCaseSensitive()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(1), [new("acme", "c1", 1, false)]));

        Assert.False(table.Lookup("ACME").Found);
    }

    [Fact]
    public void Lookup_DoesNotAllocate()
    {
        var tenants = Enumerable.Range(0, 1000).Select(i => new TenantRouteSpec($"t{i}", "c1", 1, i % 7 == 0)).ToList();
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(10), tenants, new FallbackSpec(FallbackKind.ConsistentHash, VirtualNodes: 64)));
        var keys = new[] { "t1".AsMemory(), "t7".AsMemory(), "unknown-key".AsMemory() };
        long LookupMany()
        {
            long sum = 0;
            for (var i = 0; i < 10_000; i++)
            {
                sum += table.Lookup(keys[i % keys.Length].Span).CellIndex;
            }

            return sum;
        }

        // The first round warms every path up past the JIT's first tier (its on-stack
        // replacement may allocate); the second is the steady state.
        LookupMany();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = LookupMany();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void RouteHeader_NamesRuleAndVersion()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(1), version: 42));

        Assert.Equal("assignment; v=42", table.RouteHeader(RouteRule.Assignment));
        Assert.Equal("pin; v=42", table.RouteHeader(RouteRule.Pin));
        Assert.Same(table.RouteHeader(RouteRule.Pin), table.RouteHeader(RouteRule.Pin));
    }

    [Fact]
    public void ToSnapshot_RoundTrips()
    {
        var snapshot = TableFactory.Snapshot(TableFactory.Cells(2), [new("a", "c1", 1, false), new("b", "c2", 3, true)], new FallbackSpec(FallbackKind.KeyRanges, Ranges: [new("", "c1"), new("m", "c2")]), version: 9);

        var copy = RoutingTable.FromSnapshot(RoutingTable.FromSnapshot(snapshot).ToSnapshot());

        Assert.Equal(9, copy.Version);
        Assert.Equal(new RouteResult(RouteRule.Pin, 1, 3), copy.Lookup("b"));
        Assert.Equal("c2", copy.Cells[copy.Lookup("zed").CellIndex].Id);
    }

    [Fact]
    public void FindCell_ReturnsStateAndEndpoint()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot([new CellRouteSpec("c1", "http://127.0.0.1:1", CellState.Unhealthy)]));

        var cell = table.FindCell("c1");

        Assert.NotNull(cell);
        Assert.False(cell.IsServing);
        Assert.Null(table.FindCell("c9"));
    }
}
