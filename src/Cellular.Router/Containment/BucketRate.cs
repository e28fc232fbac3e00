namespace Cellular.Router.Containment;

/// <summary>
/// A tenant bucket's GCRA parameters in timestamp ticks: one token every <see cref="Interval"/>,
/// and a bucket of <c>Tolerance / Interval + 1</c> tokens. Worked out from the options and the
/// tenant's weight, so buckets need not store them.
/// </summary>
/// <param name="Interval">Ticks between two tokens.</param>
/// <param name="Tolerance">How far ahead of now the bucket may be booked: the burst less one token.</param>
internal readonly record struct BucketRate(long Interval, long Tolerance)
{
    /// <summary>The rate of a tenant of <paramref name="weight"/>: at least 1 token of burst, whatever the settings.</summary>
    public static BucketRate For(TenantRateLimitOptions options, int weight, long timestampFrequency)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rate = options.PermitsPerSecondPerWeight * weight;
        var tokenLimit = Math.Clamp(Math.Ceiling(options.BurstSeconds * rate), 1, int.MaxValue);
        var interval = Math.Max(1, (long)Math.Round(timestampFrequency / rate));

        // The bucket allows tokenLimit permits at once: the last of them finds it tokenLimit − 1 intervals ahead.
        return new BucketRate(interval, (long)Math.Min(long.MaxValue / 4, (tokenLimit - 1) * interval));
    }
}
