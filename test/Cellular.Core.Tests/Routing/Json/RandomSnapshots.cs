using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing.Json;

/// <summary>Valid snapshots with everything a table can hold: many cell widths, every varint width, pins, weights, every fallback.</summary>
internal static class RandomSnapshots
{
    private const string IdChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

    public static RoutingTableSnapshot Create(int seed, int tenants)
    {
        var random = new Random(seed);
        var cellCount = random.Next(4) switch
        {
            0 => 1,
            1 => random.Next(2, 20),
            2 => random.Next(250, 300),
            _ => random.Next(20, 100),
        };

        var cells = Enumerable.Range(0, cellCount)
            .Select(i => new CellRouteSpec(
                $"cell-{i}",
                i % 7 == 3 ? null : $"http://10.0.{i / 200}.{i % 200}:{8000 + i}/a?b=<c>&d='e'+f",
                (CellState)(i % Enum.GetValues<CellState>().Length)))
            .ToArray();

        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (ids.Count < tenants)
        {
            var length = random.Next(10) == 0 ? random.Next(100, 129) : random.Next(1, 20);
            var id = string.Create(length, random, (span, r) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = IdChars[r.Next(IdChars.Length)];
                }
            });
            if (id.AsSpan().ContainsAnyExcept('.'))
            {
                ids.Add(id);
            }
        }

        var specs = ids.Select(id => new TenantRouteSpec(
                id,
                cells[random.Next(cellCount)].Id,
                Epoch(random),
                random.Next(5) == 0,
                random.Next(6) == 0 ? random.Next(1, 1_000_001) : 1))
            .ToArray();

        return new RoutingTableSnapshot(
            RoutingTableSnapshot.CurrentFormat,
            random.NextInt64(1, long.MaxValue),
            DateTimeOffset.UnixEpoch.AddTicks(random.NextInt64(0, 700_000_000_000_000_000)).ToOffset(TimeSpan.FromMinutes(random.Next(-12, 13) * 60)),
            Fallback(random, cells),
            cells,
            specs);
    }

    private static long Epoch(Random random) => random.Next(6) switch
    {
        0 => 0,
        1 => 63,
        2 => 64,
        3 => long.MaxValue,
        4 => random.NextInt64(),
        _ => random.Next(40),
    };

    private static FallbackSpec Fallback(Random random, CellRouteSpec[] cells) => random.Next(4) switch
    {
        0 => FallbackSpec.Reject,
        1 => new FallbackSpec(FallbackKind.HashedBuckets, Buckets: Enumerable.Range(0, random.Next(1, 64)).Select(_ => cells[random.Next(cells.Length)].Id).ToArray()),
        2 => new FallbackSpec(FallbackKind.ConsistentHash, VirtualNodes: random.Next(1, 64)),
        _ => new FallbackSpec(FallbackKind.KeyRanges, Ranges: [new KeyRangeSpec("", cells[0].Id), new KeyRangeSpec("m", cells[^1].Id)]),
    };
}
