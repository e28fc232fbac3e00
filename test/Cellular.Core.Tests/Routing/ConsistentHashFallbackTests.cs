using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Core.Routing.Fallbacks;

namespace Cellular.Core.Tests.Routing;

public sealed class ConsistentHashFallbackTests
{
    private const int Keys = 100_000;

    private static RouteCell[] Cells(int n) =>
        Enumerable.Range(0, n).Select(i => new RouteCell(i, $"cell-{i}", $"http://127.0.0.1:{6000 + i}", CellState.Active)).ToArray();

    [Fact]
    public void Resolve_100kKeysOver10Cells_EachWithin10Percent()
    {
        var ring = new ConsistentHashFallback(Cells(10), ConsistentHashFallback.DefaultVirtualNodes);
        var counts = new int[10];
        for (var i = 0; i < Keys; i++)
        {
            counts[ring.Resolve($"tenant-{i}")]++;
        }

        foreach (var count in counts)
        {
            Assert.InRange(count, Keys / 10 * 0.9, Keys / 10 * 1.1);
        }
    }

    [Fact]
    public void Resolve_AddingEleventhCell_MovesAtMostOneEleventhPlus2Percent()
    {
        var ten = new ConsistentHashFallback(Cells(10), ConsistentHashFallback.DefaultVirtualNodes);
        var eleven = new ConsistentHashFallback(Cells(11), ConsistentHashFallback.DefaultVirtualNodes);
        var moved = 0;
        for (var i = 0; i < Keys; i++)
        {
            var key = $"tenant-{i}";
            var before = ten.Resolve(key);
            var after = eleven.Resolve(key);
            if (before != after)
            {
                moved++;
                Assert.Equal(10, after);
            }
        }

        Assert.True(moved <= Keys * (1.0 / 11 + 0.02), $"{moved} of {Keys} keys moved");
        Assert.True(moved > 0);
    }

    [Fact]
    public void Resolve_SkipsCellsThatAreNotActive()
    {
        var cells = Cells(3);
        cells[1] = cells[1] with { State = CellState.Draining };
        var ring = new ConsistentHashFallback(cells, 64);

        for (var i = 0; i < 1000; i++)
        {
            Assert.NotEqual(1, ring.Resolve($"k{i}"));
        }
    }

    [Fact]
    public void Resolve_NoActiveCells_ReturnsMinusOne()
    {
        var ring = new ConsistentHashFallback([new RouteCell(0, "c1", null, CellState.Unhealthy)], 8);

        Assert.Equal(-1, ring.Resolve("acme"));
    }
}
