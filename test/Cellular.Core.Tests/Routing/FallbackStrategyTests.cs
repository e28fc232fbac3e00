using Cellular.Core.Routing;
using Cellular.Core.Routing.Fallbacks;

namespace Cellular.Core.Tests.Routing;

public sealed class FallbackStrategyTests
{
    [Fact]
    public void HashedBuckets_KeyAlwaysLandsInSameBucket()
    {
        var fallback = new HashedBucketFallback([0, 1, 2, 3, 4, 5, 6, 7]);

        Assert.Equal(fallback.BucketOf("acme"), fallback.BucketOf("acme"));
        Assert.Equal(fallback.BucketOf("acme"), fallback.Resolve("acme"));
    }

    [Fact]
    public void HashedBuckets_MovingOneBucket_MovesOnlyItsKeys()
    {
        var before = new HashedBucketFallback([0, 1, 0, 1]);
        var after = new HashedBucketFallback([0, 1, 2, 1]);

        for (var i = 0; i < 5000; i++)
        {
            var key = $"t{i}";
            if (before.Resolve(key) != after.Resolve(key))
            {
                Assert.Equal(2, before.BucketOf(key));
            }
        }
    }

    [Fact]
    public void StableHash_IsFixed()
    {
        // Changing the hash would re-home every fallback-routed tenant; this pins it.
        Assert.Equal(StableHash.Hash("acme"), StableHash.Hash("acme".AsSpan()));
        Assert.NotEqual(StableHash.Hash("acme"), StableHash.Hash("acmf"));
        Assert.Equal(System.IO.Hashing.XxHash3.HashToUInt64("acme"u8), StableHash.Hash("acme"));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("alpha", 0)]
    [InlineData("m", 1)]
    [InlineData("mz", 1)]
    [InlineData("t", 2)]
    [InlineData("zzz", 2)]
    public void KeyRanges_LastRangeStartingAtOrBeforeKey(string key, int cell)
    {
        var fallback = new KeyRangeFallback(["", "m", "t"], [0, 1, 2]);

        Assert.Equal(cell, fallback.Resolve(key));
    }
}
