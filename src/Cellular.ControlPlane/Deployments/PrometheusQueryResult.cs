namespace Cellular.ControlPlane.Deployments;

/// <summary>What one instant query gave: samples (each with its labels printed PromQL-style), or why there are none.</summary>
/// <param name="Samples">The vector's samples, or the scalar as one unlabelled sample; empty for no data.</param>
/// <param name="Error">Why Prometheus could not be asked or did not answer; null on success.</param>
internal sealed record PrometheusQueryResult(IReadOnlyList<PrometheusSample> Samples, string? Error)
{
    public static PrometheusQueryResult Failed(string error) => new([], error);
}

/// <summary>One sample of a query result.</summary>
internal sealed record PrometheusSample(string Labels, double Value);
