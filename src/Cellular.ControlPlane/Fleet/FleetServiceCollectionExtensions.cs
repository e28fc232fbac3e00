using Cellular.ControlPlane.Fleet;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the fleet view: its router-statistics sampler, the table builder and tenant route lookups.</summary>
public static class FleetServiceCollectionExtensions
{
    /// <summary>Adds the fleet view with options from <c>Cellular:ControlPlane:Fleet</c>, validated at start-up. Needs the experiments' router statistics client (<c>AddExperiments</c>).</summary>
    public static IServiceCollection AddFleetView(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>());
        services.TryAddSingleton<FleetSampler>();
        services.TryAddSingleton<FleetService>();
        services.TryAddSingleton<TenantRouteService>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetSampler>());
        return services;
    }
}
