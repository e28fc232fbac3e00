namespace Cellular.ControlPlane.Metrics;

/// <summary>One entry of a Prometheus HTTP service discovery answer: addresses and the labels they share.</summary>
/// <param name="Targets"><c>host:port</c> of each target.</param>
/// <param name="Labels">Target labels; <c>__metrics_path__</c> and <c>__scheme__</c> tell Prometheus where to scrape.</param>
public sealed record ScrapeTargetGroup(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, string> Labels);
