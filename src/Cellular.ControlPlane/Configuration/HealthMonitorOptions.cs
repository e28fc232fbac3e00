namespace Cellular.ControlPlane.Configuration;

/// <summary>
/// Settings of the cell health monitor (section <c>Cellular:ControlPlane:Health</c>). A cell is
/// made Unhealthy only after several failed probes in a row and given back only after several
/// healthy ones, so one slow answer does not flap the routing table.
/// </summary>
public sealed class HealthMonitorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Health";

    /// <summary>Whether the control plane probes its cells at all.</summary>
    /// <value>Default true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between probe rounds.</summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one <c>GET /_cell/health</c> may take before it counts as failed; at most <see cref="Interval"/>.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed probes in a row that make an Active or Draining cell Unhealthy.</summary>
    /// <value>Default 3.</value>
    public int FailureThreshold { get; set; } = 3;

    /// <summary>Healthy probes in a row that give a cell the monitor made Unhealthy its previous state back.</summary>
    /// <value>Default 2.</value>
    public int SuccessThreshold { get; set; } = 2;
}
