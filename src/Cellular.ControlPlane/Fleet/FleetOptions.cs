namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// Settings of the fleet view (section <c>Cellular:ControlPlane:Fleet</c>): how often the routers'
/// statistics are read for the fleet table and how much history each row carries.
/// </summary>
public sealed class FleetOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Fleet";

    /// <summary>Time between two reads of the routers' statistics; also the time each sparkline value covers.</summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The window the golden signals (requests/s, success rate, p50, p99) cover; at least <see cref="SampleInterval"/>.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan SignalWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most sparkline values kept per cell (150 × 2 s = the last five minutes).</summary>
    /// <value>Default 150.</value>
    public int SparklineSamples { get; set; } = 150;
}
