using Cellular.Router;
using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Forwarding;
using Cellular.Router.Forwarding.Lean;
using Cellular.Router.Health;
using Cellular.Router.Hosting;
using Cellular.Router.Io;
using Cellular.Router.Routing;
using Cellular.Router.Security;
using Cellular.Router.Sync;
using Cellular.Router.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the cell router's services.</summary>
public static class CellularRouterServiceCollectionExtensions
{
    // The runtime's own meter (GC collections, pause time, allocated bytes, CPU, thread pool): all
    // observed at collection time, so it costs requests nothing, and it shows whether a latency
    // tail is the GC's.
    private const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// Adds the cell router: options bound from <c>Cellular:Router</c> and validated at start-up,
    /// tenant-key extraction, the routing table holder, YARP's forwarder, the table sync with its
    /// on-disk last-known-good copy, health, failure containment (circuits, concurrency caps,
    /// tenant rate limits), the cutover hold that retries requests a cell refused with 421 on the
    /// tenant's new owner, request statistics, and metrics on meter <c>Cellular.Router</c> (and the
    /// runtime's <c>System.Runtime</c>) with an OpenTelemetry Prometheus exporter. Put the request
    /// path in the pipeline with <c>UseCellularRouter()</c> before <c>UseRouting()</c> and map the
    /// endpoints with <c>MapCellularRouter()</c>.
    /// </summary>
    public static ICellularRouterBuilder AddCellularRouter(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RouterOptions>().BindConfiguration(RouterOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RouterOptions>, RouterOptionsValidator>());

        services.AddHttpForwarder();
        // The sync logs what matters itself; the per-request client logs would repeat every long poll.
        // Every call to the control plane carries the router's credential.
        services.TryAddSingleton<ControlPlaneCredential>();
        services.TryAddSingleton<RouterAdminCredential>();
        services.TryAddTransient<ControlPlaneAuthHandler>();
        // Its responses (a whole routing table) are read on the thread pool, never on the I/O threads serving tenants.
        services.AddHttpClient(RoutingTableSync.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(PoolConnector.CreateHandler)
            .AddHttpMessageHandler<ControlPlaneAuthHandler>()
            .RemoveAllLoggers();

        services.TryAddSingleton<TenantKeyExtractor>();
        services.AddMetrics();
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("cellular-router")).WithMetrics(metrics => metrics.AddMeter(RouterMetrics.MeterName, RuntimeMeterName).AddPrometheusExporter());

        services.TryAddSingleton<CellTlsCredentials>();
        services.TryAddSingleton<CellInvokers>();
        services.TryAddSingleton<StatsRecorder>();
        services.TryAddSingleton<CellGuards>();
        services.TryAddSingleton<RoutingTableHolder>();
        services.TryAddSingleton<SyncStatus>();
        services.TryAddSingleton<ControlPlaneEndpoints>();
        services.TryAddSingleton<LastKnownGoodTable>();
        services.TryAddSingleton<RouterHealthReporter>();
        services.TryAddSingleton<TenantRateLimiter>();
        services.TryAddSingleton<CutoverHold>();
        services.TryAddSingleton<RouterMetrics>();
        services.TryAddSingleton<RequestRecorder>();
        services.TryAddSingleton<LimitsReporter>();
        services.TryAddSingleton<CellTransformer>();
        services.TryAddSingleton<LeanForwarder>();
        services.TryAddSingleton<ObjectPool<RoutedRequest>>(_ => new DefaultObjectPool<RoutedRequest>(new RoutedRequestPoolPolicy()));
        services.TryAddSingleton<CellForwarder>();
        services.TryAddSingleton<TableDiskWriter>();
        services.TryAddSingleton<AssertionKeyRing>();
        services.TryAddSingleton<AssertionKeyRefresher>();
        services.TryAddSingleton<TenantJwksSource>();
        services.TryAddSingleton<TenantAuthenticator>();
        services.AddHttpClient(TenantJwksSource.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(PoolConnector.CreateHandler)
            .RemoveAllLoggers();

        // Started before the sync and so stopped after it: the last applied table is still written.
        services.AddHostedService(sp => sp.GetRequiredService<TableDiskWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<AssertionKeyRefresher>());
        services.AddHostedService(sp => sp.GetRequiredService<TenantJwksSource>());
        services.AddHostedService<RoutingTableSync>();

        return new CellularRouterBuilder(services);
    }

    /// <summary>Adds the cell router and configures its options in code, after configuration binding.</summary>
    public static ICellularRouterBuilder AddCellularRouter(this IServiceCollection services, Action<RouterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddCellularRouter();
        services.Configure(configure);
        return builder;
    }
}
