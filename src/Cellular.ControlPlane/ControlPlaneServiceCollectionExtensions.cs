using System.Text.Json.Serialization;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Health;
using Cellular.ControlPlane.Hosting;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Providers.Processes;
using Cellular.ControlPlane.Providers.Static;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Tenants;
using Cellular.Core.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Cellular control plane: store, registry, placement, table publisher, providers, health monitor, experiments and API plumbing.</summary>
public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Adds the control plane with options bound from <c>Cellular:ControlPlane</c> and
    /// <c>Cellular:Process</c>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddCellularControlPlane(this IServiceCollection services, Action<ControlPlaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);
        var controlPlane = services.AddOptions<ControlPlaneOptions>().BindConfiguration(ControlPlaneOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            controlPlane.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ControlPlaneOptions>, ControlPlaneOptionsValidator>());

        services.AddProblemDetails();
        services.AddExceptionHandler<ControlPlaneExceptionHandler>();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, CellularJsonContext.Default);
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        services.AddCellularStore();
        services.TryAddSingleton<RoutingTableSource>();
        services.TryAddSingleton<TableSettingsRecorder>();
        services.TryAddSingleton<RoutingTablePublisher>();
        services.TryAddSingleton<CellService>();
        services.TryAddSingleton<TenantService>();
        services.TryAddSingleton(sp => new ControlPlaneInstance(
            Environment.ProcessId,
            sp.GetRequiredService<TimeProvider>().GetUtcNow(),
            sp.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.ReplicaId ?? ControlPlaneInstance.DefaultReplicaId(Environment.ProcessId)));
        services.AddControlPlaneAuth();
        services.AddCellularConsole();
        services.AddCellProviders();
        services.AddCommandProvider();

        // Hosted services start in this order and stop in reverse: the store is open before the
        // monitor and the runner start, and the runner clears its faults before cells are stopped.
        services.AddHostedService<ControlPlaneLifecycle>();
        services.AddTableChangeWatcher();
        services.AddReplicaLeases();
        services.AddCellHealthMonitor();
        services.AddExperiments();
        services.AddTenantMigrations();
        services.AddDeployments();
        services.AddFleetView();
        services.AddControlPlaneMetrics();
        return services;
    }

    /// <summary>Adds the cell health monitor with options from <c>Cellular:ControlPlane:Health</c>, validated at start-up.</summary>
    public static IServiceCollection AddCellHealthMonitor(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<HealthMonitorOptions>().BindConfiguration(HealthMonitorOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthMonitorOptions>, HealthMonitorOptionsValidator>());
        services.AddHttpClient(CellHealthMonitor.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan).AddCellTls().AddHttpMessageHandler<CellCredentialHandler>();
        services.TryAddSingleton<CellHealthTracker>();
        services.TryAddSingleton<CellHealthMarking>();
        services.TryAddSingleton<CellHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<CellHealthMonitor>());
        return services;
    }

    /// <summary>
    /// Adds chaos experiments (API logic, runner, router statistics and cell fault clients) with
    /// options from <c>Cellular:ControlPlane:Experiments</c>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ExperimentOptions>().BindConfiguration(ExperimentOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExperimentOptions>, ExperimentOptionsValidator>());
        foreach (var name in new[] { RouterStatsClient.HttpClientName, CellFaultClient.HttpClientName })
        {
            var client = services.AddHttpClient(name).ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<ExperimentOptions>>().Value.RequestTimeout);
            if (name == CellFaultClient.HttpClientName)
            {
                // Cells only: the router is not a cell and does not take the cells' client certificate.
                client.AddCellTls();
            }

            client.AddHttpMessageHandler<CellCredentialHandler>();
        }

        services.TryAddSingleton<RouterStatsClient>();
        services.TryAddSingleton<CellFaultClient>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICellActivityGuard, ExperimentActivityGuard>());
        services.TryAddSingleton<ExperimentTransitions>();
        services.TryAddSingleton<ExperimentRunner>();
        services.TryAddSingleton<ExperimentService>();
        services.AddHostedService(sp => sp.GetRequiredService<ExperimentRunner>());
        return services;
    }

    /// <summary>Adds the built-in cell providers, <c>process</c> (options from <c>Cellular:Process</c>) and <c>static</c>.</summary>
    public static IServiceCollection AddCellProviders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ProcessProviderOptions>().BindConfiguration(ProcessProviderOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessProviderOptions>, ProcessProviderOptionsValidator>());
        services.AddHttpClient(CellProbe.HttpClientName, client => client.Timeout = CellProbe.Timeout).AddCellTls().AddHttpMessageHandler<CellCredentialHandler>();
        services.TryAddSingleton<CellProbe>();
        services.TryAddSingleton<ProcessCellProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICellProvider, ProcessCellProvider>(sp => sp.GetRequiredService<ProcessCellProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICellProvider, StaticCellProvider>());
        services.TryAddSingleton<CellProviders>();
        return services;
    }
}
