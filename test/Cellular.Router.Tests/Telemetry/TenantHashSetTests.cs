using Cellular.Router.Telemetry;

namespace Cellular.Router.Tests.Telemetry;

public sealed class TenantHashSetTests
{
    [Fact]
    public void Add_SameTenantTwice_CountedOnce()
    {
        var set = new TenantHashSet();

        Assert.True(set.Add(TenantHashSet.Hash("acme")));
        Assert.False(set.Add(TenantHashSet.Hash("acme")));
        Assert.True(set.Add(TenantHashSet.Hash("globex")));

        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void Add_ConcurrentWhileGrowing_EveryTenantExactlyOnce()
    {
        // Four threads add overlapping ranges while the table doubles from its initial size: no
        // tenant may be lost to a resize and none counted twice.
        var set = new TenantHashSet();
        var hashes = Enumerable.Range(0, 3000).Select(i => TenantHashSet.Hash($"t{i:D7}")).ToArray();
        var added = 0;

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            for (var i = 0; i < hashes.Length; i++)
            {
                if (set.Add(hashes[(i + (worker * 750)) % hashes.Length]))
                {
                    Interlocked.Increment(ref added);
                }
            }
        });

        var copy = new HashSet<ulong>();
        set.CopyTo(copy);
        Assert.Equal(3000, set.Count);
        Assert.Equal(3000, added);
        Assert.True(copy.SetEquals(hashes));
    }

    [Fact]
    public void Add_BeyondCapacity_Dropped()
    {
        var set = new TenantHashSet();
        for (var i = 0; i < TenantHashSet.Capacity + 100; i++)
        {
            set.Add(TenantHashSet.Hash($"t{i}"));
        }

        Assert.Equal(TenantHashSet.Capacity, set.Count);
    }

    [Fact]
    public void Clear_Reused_StartsEmptyAndAllocatesNothing()
    {
        var set = new TenantHashSet();
        var hashes = Enumerable.Range(0, 1000).Select(i => TenantHashSet.Hash($"t{i}")).ToArray();
        Fill(set, hashes);
        set.Clear();
        Fill(set, hashes);
        set.Clear();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Fill(set, hashes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1000, set.Count);
    }

    private static void Fill(TenantHashSet set, ulong[] hashes)
    {
        foreach (var hash in hashes)
        {
            set.Add(hash);
        }
    }
}
