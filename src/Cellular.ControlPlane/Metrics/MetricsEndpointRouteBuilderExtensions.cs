using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Metrics;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the control plane's Prometheus endpoint.</summary>
public static class MetricsEndpointRouteBuilderExtensions
{
    /// <summary>The Prometheus scraping endpoint of the control plane.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Maps <c>GET /metrics</c> (Prometheus text of meter <c>Cellular.ControlPlane</c>). It needs a
    /// ReadOnly credential like the API it summarises (it names every cell); the shipped Prometheus
    /// config sends one. The store is read right before each scrape.
    /// </summary>
    public static IEndpointConventionBuilder MapControlPlaneMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var sampler = endpoints.ServiceProvider.GetRequiredService<RegistryMetricsSampler>();
        return endpoints.MapPrometheusScrapingEndpoint(
                MetricsPath,
                meterProvider: null,
                configureBranchedPipeline: branch => branch.Use(async (context, next) =>
                {
                    await sampler.RefreshAsync(context.RequestAborted);
                    await next(context);
                }),
                optionsName: null)
            .WithMetadata(new HttpMethodMetadata(["GET"]))
            .WithDisplayName("Prometheus metrics")
            .RequireAuthorization(AuthPolicies.ReadOnly);
    }
}
