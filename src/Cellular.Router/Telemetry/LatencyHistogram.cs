using System.Numerics;

namespace Cellular.Router.Telemetry;

/// <summary>
/// The bucket layout of the per-second latency histograms: microseconds on a log scale with eight
/// buckets per power of two (HDR-histogram style), so any percentile read back is within 6.25% of
/// the true value, from 1 µs to about 36 minutes, in 232 counters.
/// </summary>
internal static class LatencyHistogram
{
    private const int SubBits = 3;
    private const int SubBuckets = 1 << SubBits;
    private const int MaxExponent = 30;

    /// <summary>Number of buckets.</summary>
    public const int BucketCount = SubBuckets + ((MaxExponent - SubBits + 1) * SubBuckets);

    /// <summary>The bucket of a latency of <paramref name="microseconds"/>; longer ones land in the last bucket.</summary>
    public static int BucketOf(long microseconds)
    {
        if (microseconds < SubBuckets)
        {
            return (int)Math.Max(0, microseconds);
        }

        var value = (ulong)Math.Min(microseconds, (1L << (MaxExponent + 1)) - 1);
        var exponent = BitOperations.Log2(value);
        var sub = (int)(value >> (exponent - SubBits)) & (SubBuckets - 1);
        return SubBuckets + ((exponent - SubBits) * SubBuckets) + sub;
    }

    /// <summary>The value a bucket stands for, in microseconds: the middle of its range.</summary>
    public static double MicrosecondsOf(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket;
        }

        var exponent = ((bucket - SubBuckets) / SubBuckets) + SubBits;
        var sub = (bucket - SubBuckets) % SubBuckets;
        var width = 1L << (exponent - SubBits);
        var lower = (SubBuckets + sub) * width;
        return lower + (width / 2.0);
    }

    /// <summary>The <paramref name="quantile"/> (0..1] of the counts, in milliseconds; 0 when there are none.</summary>
    public static double Percentile(ReadOnlySpan<long> counts, long total, double quantile)
    {
        if (total <= 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return MicrosecondsOf(i) / 1000.0;
            }
        }

        return MicrosecondsOf(counts.Length - 1) / 1000.0;
    }
}
