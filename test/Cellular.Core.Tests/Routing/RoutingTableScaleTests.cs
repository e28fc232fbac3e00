using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

public sealed class RoutingTableScaleTests
{
    private static List<TenantRouteSpec> Tenants(int count, int cells) =>
        Enumerable.Range(0, count)
            .Select(i => new TenantRouteSpec($"tenant-{i:D7}", $"c{(i % cells) + 1}", i % 3 == 0 ? (long)i << 20 : i % 50, i % 11 == 0))
            .ToList();

    [Fact]
    public void ToSnapshot_100kTenantsOver300Cells_RoundTripsInOrder()
    {
        var tenants = Tenants(100_000, 300);
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(300), tenants));

        var copy = table.ToSnapshot();

        Assert.Equal(100_000, table.TenantCount);
        Assert.Equal(tenants, copy.Tenants);
    }

    [Fact]
    public void Lookup_100kTenantsOver300Cells_EachExact()
    {
        var tenants = Tenants(100_000, 300);
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(300), tenants));

        foreach (var t in tenants)
        {
            var result = table.Lookup(t.Id);

            Assert.Equal(t.Pinned ? RouteRule.Pin : RouteRule.Assignment, result.Rule);
            Assert.Equal(t.Cell, table.Cells[result.CellIndex].Id);
            Assert.Equal(t.Epoch, result.Epoch);
        }
    }

    [Fact]
    public void Lookup_EpochBeyondInt32_ReportedExactly()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(1), [new("a", "c1", long.MaxValue, false), new("b", "c1", 1L << 40, true)]));

        Assert.Equal(new RouteResult(RouteRule.Assignment, 0, long.MaxValue), table.Lookup("a"));
        Assert.Equal(new RouteResult(RouteRule.Pin, 0, 1L << 40), table.Lookup("b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tenant-0000001x")]
    [InlineData("tenant-000000")]
    public void Lookup_KeyNotInTable_GoesToFallback(string key)
    {
        var fallback = new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c2"]);
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(2), Tenants(1000, 1), fallback));

        Assert.Equal(new RouteResult(RouteRule.HashedBucket, 1, 0), table.Lookup(key));
    }

    [Fact]
    public void Lookup_KeyLongerThanAnyId_GoesToFallback()
    {
        var fallback = new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c2"]);
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(2), Tenants(10, 1), fallback));

        Assert.Equal(RouteRule.HashedBucket, table.Lookup(new string('a', 300)).Rule);
    }

    [Fact]
    public void Lookup_100kTenantsEveryPath_DoesNotAllocate()
    {
        var fallback = new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c1", "c2", "c3"]);
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(3), Tenants(100_000, 3), fallback));
        var keys = new[] { "tenant-0000000", "tenant-0000001", "tenant-0099999", "missing", new string('m', 128), "" };
        foreach (var key in keys)
        {
            table.Lookup(key);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (var i = 0; i < 60_000; i++)
        {
            sum += table.Lookup(keys[i % keys.Length]).Epoch;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void FromSnapshot_DuplicateAmongManyTenants_RefusedWithItsId()
    {
        var tenants = Tenants(50_000, 1);
        tenants.Add(tenants[31_337] with { Epoch = 9 });

        var error = Assert.Throws<RoutingTableException>(() => RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(1), tenants)));

        Assert.Equal("Tenant 'tenant-0031337' appears twice in the routing table.", error.Message);
    }

    [Fact]
    public void FromSnapshot_DuplicateBeforeInvalidEntry_DuplicateReportedFirst()
    {
        // The checks run in list order, as they always have: the first bad entry decides the message.
        List<TenantRouteSpec> tenants = [new("a", "c1", 1, false), new("a", "c1", 1, false), new("b", "c9", 1, false)];

        var error = Assert.Throws<RoutingTableException>(() => RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(1), tenants)));

        Assert.Contains("appears twice", error.Message);
    }
}
