using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Core.Routing.Fallbacks;

namespace Cellular.Core.Tests.Routing;

public sealed class ConsistentHashRingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(10, 1024)]
    [InlineData(300, 64)]
    public void Resolve_SameCellAsPlainSearchOverTheWholeRing(int cellCount, int virtualNodes)
    {
        var cells = Enumerable.Range(0, cellCount).Select(i => new RouteCell(i, $"cell-{i}", "http://127.0.0.1:1", CellState.Active)).ToArray();
        var ring = cells
            .SelectMany(c => Enumerable.Range(0, virtualNodes).Select(v => (Point: StableHash.Hash($"{c.Id}#{v}"), Cell: c.Index)))
            .OrderBy(p => p.Point).ThenBy(p => p.Cell)
            .ToArray();
        var fallback = new ConsistentHashFallback(cells, virtualNodes);

        for (var i = 0; i < 5_000; i++)
        {
            var key = $"tenant-{i}";
            var hash = StableHash.Hash(key);
            var first = Array.FindIndex(ring, p => p.Point >= hash);

            Assert.Equal(ring[first < 0 ? 0 : first].Cell, fallback.Resolve(key));
        }
    }
}
