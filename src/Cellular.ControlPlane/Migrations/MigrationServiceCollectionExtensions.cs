using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Migrations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers live tenant migration: workflow, scheduler, evacuation and rebalance.</summary>
public static class MigrationServiceCollectionExtensions
{
    /// <summary>
    /// Adds live tenant migration with options from <c>Cellular:ControlPlane:Migrations</c>,
    /// validated at start-up. Register it after the control plane's lifecycle service: the scheduler
    /// resumes migrations from the store once it is open, and stops before cells are stopped.
    /// </summary>
    public static IServiceCollection AddTenantMigrations(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<MigrationOptions>().BindConfiguration(MigrationOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MigrationOptions>, MigrationOptionsValidator>());
        services.AddHttpClient(CellTenantClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan).AddCellTls().AddHttpMessageHandler<Cellular.ControlPlane.Auth.CellCredentialHandler>();
        services.TryAddSingleton<CellTenantClient>();
        services.TryAddSingleton<MigrationQueueSignal>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMigrationCheckpoint, CrashDrillCheckpoint>());
        services.TryAddSingleton<MigrationWorkflow>();
        services.TryAddSingleton<MigrationTransitions>();
        services.TryAddSingleton<MigrationScheduler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Cellular.ControlPlane.Experiments.ICellActivityGuard, MigrationActivityGuard>());
        services.TryAddSingleton<MigrationService>();
        services.TryAddSingleton<CellEvacuator>();
        services.TryAddSingleton<Rebalancer>();
        services.AddHostedService(sp => sp.GetRequiredService<MigrationScheduler>());
        return services;
    }
}
