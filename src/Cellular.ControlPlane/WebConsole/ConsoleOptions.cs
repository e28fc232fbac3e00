namespace Cellular.ControlPlane.WebConsole;

/// <summary>Settings of the web console (<c>Cellular:ControlPlane:Console</c>).</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Console";

    /// <summary>A session ends after this long without a request (sliding); 1 minute – 7 days.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sessions kept at once; the least recently used one is ended beyond it (10 – 1,000,000).</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>How long a one-time sign-in link works (5 s – 10 min).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Unused one-time links kept at once; asking for more refuses with 429 (1 – 100,000).</summary>
    public int MaxPendingLinks { get; set; } = 1_000;
}
