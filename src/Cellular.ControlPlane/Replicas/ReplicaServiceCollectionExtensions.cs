using Cellular.ControlPlane.Replicas;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what lets several control-plane replicas share one store: leases, their heartbeats and the write fence.</summary>
internal static class ReplicaServiceCollectionExtensions
{
    /// <summary>
    /// Adds leases with options from <c>Cellular:ControlPlane:Leases</c>, validated at start-up, and
    /// the <see cref="LeaseFence"/> as a write guard of every store transaction. Register it after
    /// the control plane's lifecycle service, which opens the store.
    /// </summary>
    public static IServiceCollection AddReplicaLeases(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeaseOptions>, LeaseOptionsValidator>());
        services.TryAddSingleton<LeaseStore>();
        if (services.Any(d => d.ServiceType == typeof(LeaseFence)))
        {
            return services;
        }

        services.AddSingleton<LeaseFence>();
        services.AddHostedService<SingleReplicaLeaseRecovery>();
        services.AddSingleton<IStoreWriteGuard>(sp => sp.GetRequiredService<LeaseFence>());
        services.TryAddSingleton<LeaseKeeper>();
        services.TryAddSingleton<LeaseCheckpoint>();
        services.AddSingleton<Cellular.ControlPlane.Migrations.IMigrationCheckpoint>(sp => sp.GetRequiredService<LeaseCheckpoint>());
        services.AddSingleton<Cellular.ControlPlane.Deployments.IDeploymentCheckpoint>(sp => sp.GetRequiredService<LeaseCheckpoint>());
        return services;
    }
}
