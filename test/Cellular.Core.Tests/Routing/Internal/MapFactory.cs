using Cellular.Core.Routing;
using Cellular.Core.Routing.Internal;

namespace Cellular.Core.Tests.Routing.Internal;

internal static class MapFactory
{
    public static CompactTenantMap<THasher> Build<THasher>(IReadOnlyList<(string Id, TenantEntry Entry)> entries, int cellCount, THasher hasher)
        where THasher : struct, ITenantKeyHasher
    {
        var cellBytes = CompactTenantMapBuilder<THasher>.CellBytes(cellCount);
        var bytes = entries.Sum(e => (long)CompactTenantMapBuilder<THasher>.EntrySize(e.Id.Length, e.Entry.Epoch, cellBytes));
        var builder = new CompactTenantMapBuilder<THasher>(entries.Count, bytes, cellCount, hasher);
        foreach (var (id, entry) in entries)
        {
            Assert.True(builder.TryAdd(id, entry.CellIndex, entry.Pinned, entry.Epoch), $"'{id}' was refused");
        }

        return builder.Build();
    }

    public static List<(string Id, TenantEntry Entry)> Entries(int count, int cellCount, Func<int, string>? id = null)
    {
        var random = new Random(count);
        return Enumerable.Range(0, count)
            .Select(i => (id?.Invoke(i) ?? $"tenant-{i}", new TenantEntry(random.Next(cellCount), i % 5 == 0, Epoch(i, random))))
            .ToList();
    }

    /// <summary>Mostly small epochs, as in real tables, plus every varint width up to long.MaxValue.</summary>
    private static long Epoch(int i, Random random) => (i % 10) switch
    {
        0 => 0,
        1 => 63,
        2 => 64,
        3 => long.MaxValue,
        4 => random.NextInt64(),
        5 => random.Next(1 << 20),
        _ => random.Next(40),
    };
}
