using Cellular.ControlPlane.Deployments;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the deployments' Prometheus gate.</summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Prometheus client, the analyses' validation and the gate, with options from
    /// <c>Cellular:ControlPlane:Prometheus</c>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddPrometheusGate(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<PrometheusOptions>().BindConfiguration(PrometheusOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrometheusOptions>, PrometheusOptionsValidator>());
        services.AddHttpClient(PrometheusClient.HttpClientName)
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<PrometheusOptions>>().Value.Timeout);
        services.TryAddSingleton<PrometheusClient>();
        services.TryAddSingleton<PrometheusAnalyses>();
        services.TryAddSingleton<PrometheusGate>();
        return services;
    }
}
