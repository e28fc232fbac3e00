using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Core.Routing.Internal;

namespace Cellular.Core.Tests.Routing.Internal;

public sealed class CompactTenantMapTests
{
    [Fact]
    public void TryGetValue_200kKeys_EveryKeyFoundWithItsExactValue()
    {
        var entries = MapFactory.Entries(200_000, cellCount: 1000);
        var map = MapFactory.Build(entries, 1000, TenantKeyHasher.CreateRandom());

        Assert.Equal(entries.Count, map.Count);
        foreach (var (id, expected) in entries)
        {
            Assert.True(map.TryGetValue(id, out var actual), id);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void TryGetValue_200kAbsentKeys_NoneFound()
    {
        var map = MapFactory.Build(MapFactory.Entries(200_000, cellCount: 10), 10, TenantKeyHasher.CreateRandom());

        for (var i = 200_000; i < 400_000; i++)
        {
            Assert.False(map.TryGetValue($"tenant-{i}", out _));
        }
    }

    [Fact]
    public void TryGetValue_EveryKeyCollidesOnSlotAndTag_StillExact()
    {
        var entries = MapFactory.Entries(500, cellCount: 3);
        var map = MapFactory.Build(entries, 3, default(ConstantHasher));

        foreach (var (id, expected) in entries)
        {
            Assert.True(map.TryGetValue(id, out var actual), id);
            Assert.Equal(expected, actual);
        }

        Assert.False(map.TryGetValue("tenant-500", out _));
        Assert.False(map.TryGetValue("tenant-", out _));
    }

    [Fact]
    public void TryGetValue_EveryKeyStartsAtLastSlot_ProbingWrapsAround()
    {
        var entries = MapFactory.Entries(1000, cellCount: 7);
        var map = MapFactory.Build(entries, 7, default(LastSlotHasher));

        foreach (var (id, expected) in entries)
        {
            Assert.True(map.TryGetValue(id, out var actual), id);
            Assert.Equal(expected, actual);
        }

        Assert.False(map.TryGetValue("tenant-1000", out _));
    }

    [Theory]
    [InlineData("t")]
    [InlineData("te")]
    [InlineData("tenant")]
    [InlineData("tenant-")]
    [InlineData("tenant-1-")]
    [InlineData("tenant-10x")]
    [InlineData("tenant-1000")]
    [InlineData("Tenant-1")]
    [InlineData("enant-1")]
    [InlineData("tenant-1\0")]
    public void TryGetValue_KeySharingPrefixWithStoredKeys_NotFound(string key)
    {
        var entries = new[] { "tenant-1", "tenant-10", "tenant-100", "tenant-1-a" }
            .Select((id, i) => (id, new TenantEntry(i, false, i)))
            .ToList();

        Assert.False(MapFactory.Build(entries, 4, TenantKeyHasher.CreateRandom()).TryGetValue(key, out _));
        Assert.False(MapFactory.Build(entries, 4, default(ConstantHasher)).TryGetValue(key, out _));
    }

    [Fact]
    public void TryGetValue_NonAsciiCharWhoseLowByteMatches_NotFound()
    {
        // (char)0x161 narrowed to a byte would be 'a'; the comparison must not narrow.
        var map = MapFactory.Build([("abc", new TenantEntry(0, false, 1))], 1, default(ConstantHasher));

        Assert.True(map.TryGetValue("abc", out _));
        Assert.False(map.TryGetValue("\u0161bc", out _));
        Assert.False(map.TryGetValue("ab\u0163", out _));
    }

    [Fact]
    public void TryGetValue_MaxLengthKeysDifferingOnlyInLastChar_EachFound()
    {
        var stem = new string('x', Ids.MaxLength - 1);
        var entries = "abcdefghij".Select((c, i) => (stem + c, new TenantEntry(i, i % 2 == 0, i * 1000L))).ToList();
        var map = MapFactory.Build(entries, 10, default(ConstantHasher));

        foreach (var (id, expected) in entries)
        {
            Assert.Equal(Ids.MaxLength, id.Length);
            Assert.True(map.TryGetValue(id, out var actual));
            Assert.Equal(expected, actual);
        }

        Assert.False(map.TryGetValue(stem + "k", out _));
        Assert.False(map.TryGetValue(stem, out _));
        Assert.False(map.TryGetValue(stem + "aa", out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    [InlineData(10_000)]
    public void TryGetValue_KeyLengthNoEntryCanHave_NotFound(int length)
    {
        var map = MapFactory.Build([(new string('x', 255), new TenantEntry(0, false, 0))], 1, default(ConstantHasher));

        Assert.False(map.TryGetValue(new string('x', length), out _));
    }

    [Fact]
    public void Enumerate_GivesEveryEntryOnceInInsertionOrder()
    {
        var entries = MapFactory.Entries(50_000, cellCount: 300, id: i => $"k{(i * 7919) % 50_000}.{i}");
        var map = MapFactory.Build(entries, 300, TenantKeyHasher.CreateRandom());

        var copy = new List<(string, TenantEntry)>();
        foreach (var item in map)
        {
            copy.Add(item);
        }

        Assert.Equal(entries, copy);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(256, 1)]
    [InlineData(257, 2)]
    [InlineData(65_536, 2)]
    [InlineData(65_537, 3)]
    [InlineData(int.MaxValue, 4)]
    public void CellBytes_JustWideEnoughForTheLargestIndex(int cellCount, int bytes)
    {
        Assert.Equal(bytes, CompactTenantMapBuilder<TenantKeyHasher>.CellBytes(cellCount));
    }

    [Fact]
    public void TryGetValue_MoreThan65536Cells_CellIndexKeptExactly()
    {
        const int Cells = 100_000;
        var entries = Enumerable.Range(0, 1000).Select(i => ($"t{i}", new TenantEntry(Cells - 1 - (i * 97), false, i))).ToList();
        var map = MapFactory.Build(entries, Cells, TenantKeyHasher.CreateRandom());

        foreach (var (id, expected) in entries)
        {
            Assert.True(map.TryGetValue(id, out var actual));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void TryAdd_SameKeyTwice_SecondRefusedEvenAmongCollidingKeys()
    {
        var builder = new CompactTenantMapBuilder<ConstantHasher>(3, 100, 1, default);

        Assert.True(builder.TryAdd("a", 0, false, 1));
        Assert.True(builder.TryAdd("b", 0, false, 1));
        Assert.False(builder.TryAdd("a", 0, true, 2));
    }

    [Fact]
    public void TryAdd_NonAsciiKey_Refused()
    {
        var builder = new CompactTenantMapBuilder<TenantKeyHasher>(1, 10, 1, default);

        Assert.Throws<ArgumentException>(() => builder.TryAdd("caf\u00e9", 0, false, 0));
    }

    [Fact]
    public void Build_FewerBytesThanPromised_Refused()
    {
        var builder = new CompactTenantMapBuilder<TenantKeyHasher>(2, 100, 1, default);
        builder.TryAdd("a", 0, false, 0);

        Assert.Throws<InvalidOperationException>(builder.Build);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(1000)]
    [InlineData(1_000_000)]
    public void SlotCount_PowerOfTwoWithLoadAtMostFourFifths(int count)
    {
        var map = MapFactory.Build(MapFactory.Entries(count, 1), 1, TenantKeyHasher.CreateRandom());

        Assert.True(int.IsPow2(map.SlotCount));
        Assert.True(count <= map.SlotCount * 0.8, $"{count} keys in {map.SlotCount} slots");
    }

    [Fact]
    public void Empty_FindsNothingAndEnumeratesNothing()
    {
        var map = new CompactTenantMapBuilder<TenantKeyHasher>(0, 0, 0, default).Build();

        Assert.Equal(0, map.Count);
        Assert.False(map.TryGetValue("a", out _));
        foreach (var unused in map)
        {
            Assert.Fail("an empty map enumerated an entry");
        }
    }
}
