namespace Cellular.ControlPlane.Configuration;

/// <summary>Settings of the chaos-experiment runner (section <c>Cellular:ControlPlane:Experiments</c>).</summary>
public sealed class ExperimentOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Experiments";

    /// <summary>How often running experiments' stop conditions are checked (and due reports built).</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The recent stretch of router statistics a stop-condition check looks at.</summary>
    /// <value>Default 5 seconds.</value>
    public TimeSpan EvaluationWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for one router's statistics or one cell's fault call.</summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks in a row without router statistics after which a running experiment is aborted: what cannot be watched must not run.</summary>
    /// <value>Default 5.</value>
    public int MaxMissedChecks { get; set; } = 5;
}
