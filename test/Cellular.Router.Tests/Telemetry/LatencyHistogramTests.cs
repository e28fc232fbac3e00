using Cellular.Router.Telemetry;

namespace Cellular.Router.Tests.Telemetry;

public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(8L)]
    [InlineData(1_000L)]
    [InlineData(123_456L)]
    [InlineData(2_000_000_000L)]
    public void BucketOf_Value_MidpointWithinSixPercent(long microseconds)
    {
        var bucket = LatencyHistogram.BucketOf(microseconds);

        Assert.InRange(bucket, 0, LatencyHistogram.BucketCount - 1);
        var back = LatencyHistogram.MicrosecondsOf(bucket);
        Assert.InRange(back, (microseconds * 0.9375) - 0.5, (microseconds * 1.0625) + 0.5);
    }

    [Fact]
    public void BucketOf_Increasing_NeverDecreases()
    {
        var previous = 0;
        for (long us = 0; us < 5_000_000; us = (us * 11 / 10) + 1)
        {
            var bucket = LatencyHistogram.BucketOf(us);
            Assert.True(bucket >= previous, $"{us} µs went to bucket {bucket} after {previous}");
            previous = bucket;
        }
    }

    [Fact]
    public void BucketOf_Huge_LastBucket()
    {
        Assert.Equal(LatencyHistogram.BucketCount - 1, LatencyHistogram.BucketOf(long.MaxValue));
    }
}
