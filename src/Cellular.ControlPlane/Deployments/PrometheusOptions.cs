namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Where the deployment gate's Prometheus analyses are sent (section
/// <c>Cellular:ControlPlane:Prometheus</c>). Without <see cref="Url"/> a deployment that asks for
/// analyses is refused: its author expects them to be judged.
/// </summary>
public sealed class PrometheusOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Prometheus";

    /// <summary>Base URL of the Prometheus HTTP API, e.g. <c>http://127.0.0.1:9090</c>.</summary>
    /// <value>Default none: analyses are refused.</value>
    public string? Url { get; set; }

    /// <summary>A file holding a bearer token sent to Prometheus (read again when it changes), for a Prometheus behind an authenticating proxy.</summary>
    /// <value>Default none.</value>
    public string? BearerTokenFile { get; set; }

    /// <summary>Longest wait for one query; a slower Prometheus is an inconclusive evaluation, never a pass.</summary>
    /// <value>Default 5 seconds (100 ms – 1 min).</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time between two evaluations of a baking wave's analyses (and once more when its bake ends):
    /// Prometheus sees new data once per scrape, so asking every gate check would count one bad
    /// scrape many times against the failure limit.
    /// </summary>
    /// <value>Default 10 seconds (1 s – 1 h).</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}
