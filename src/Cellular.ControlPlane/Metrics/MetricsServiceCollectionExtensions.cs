using Cellular.ControlPlane.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the control plane's metrics.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Adds meter <c>Cellular.ControlPlane</c> (cells, migrations, deployments; see
    /// <see cref="ControlPlaneMetrics"/>) with an OpenTelemetry Prometheus exporter, like the router's.
    /// </summary>
    public static IServiceCollection AddControlPlaneMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddMetrics();
        services.TryAddSingleton<RegistryMetricsSampler>();
        services.TryAddSingleton<ControlPlaneMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cellular-control-plane"))
            // No cached answers: each scrape reads the store afresh (the exporter would otherwise
            // repeat an answer for 300 ms, hiding a change made just before the next scrape).
            .WithMetrics(metrics => metrics.AddMeter(ControlPlaneMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));

        // The instruments exist once their class is built; build it with the host.
        services.AddHostedService<ControlPlaneMetricsActivator>();
        return services;
    }
}
