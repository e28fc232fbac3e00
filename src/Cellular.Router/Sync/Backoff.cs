namespace Cellular.Router.Sync;

/// <summary>Exponential back-off with jitter between attempts to reach the control plane.</summary>
internal static class Backoff
{
    /// <summary>The first delay, before jitter.</summary>
    public static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    /// <summary>The delay after <paramref name="failures"/> consecutive failures (1 or more): 50–100 % of min(Initial·2ⁿ⁻¹, Max).</summary>
    public static TimeSpan Delay(int failures, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponent = Math.Clamp(failures - 1, 0, 16);
        var ceiling = Math.Min(Initial.TotalMilliseconds * (1 << exponent), Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random.NextDouble() * 0.5)));
    }
}
