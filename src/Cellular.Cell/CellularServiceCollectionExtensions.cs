using Cellular.Cell;
using Cellular.Cell.Faults;
using Cellular.Cell.Hosting;
using Cellular.Cell.Internal;
using Cellular.Cell.Metrics;
using Cellular.Cell.Ownership;
using Cellular.Cell.Security;
using Cellular.Cell.TenantData;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes an ASP.NET Core app cell-ready; pair it with <c>app.MapCellular()</c>.</summary>
public static class CellularServiceCollectionExtensions
{
    /// <summary>
    /// Adds the cell SDK: options validated at start-up (<see cref="CellOptions"/> from
    /// <c>Cellular:Cell</c>, <see cref="CellAuthOptions"/> from <c>Cellular:Cell:Auth</c>,
    /// <see cref="CellTenantStateOptions"/> from <c>Cellular:Cell:TenantState</c>,
    /// <see cref="CellTlsOptions"/> from <c>Cellular:Cell:Tls</c>); authentication of every request
    /// (the router's assertion on tenant requests, the control plane's credential on <c>/_cell/*</c>);
    /// optional TLS with client certificates on HTTPS endpoints; health checks, problem+json errors
    /// (a request body over the limit is 413), a middleware that runs every request
    /// in a log scope with the cell and tenant, request metrics (meter <c>Cellular.Cell</c>, served at
    /// <c>GET /_cell/metrics</c>), fault injection, and tenant fencing (active once
    /// the app registers an ownership store). Safe to call more than once.
    /// </summary>
    public static ICellularBuilder AddCellular(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CellOptions>()
            .BindConfiguration(CellOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CellOptions>, CellOptionsValidator>());
        services.AddOptions<CellAuthOptions>()
            .BindConfiguration(CellAuthOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CellAuthOptions>, CellAuthOptionsValidator>());
        services.AddOptions<CellTenantStateOptions>()
            .BindConfiguration(CellTenantStateOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CellTenantStateOptions>, CellTenantStateOptionsValidator>());
        services.AddOptions<CellTlsOptions>()
            .BindConfiguration(CellTlsOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CellTlsOptions>, CellTlsOptionsValidator>());
        services.TryAddSingleton<CellCertificates>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, CellTlsKestrelSetup>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CellRuntime>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CellStartupService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, CellStartupFilter>());

        services.TryAddSingleton<CellCredentials>();
        services.TryAddSingleton<AssertionGenerationFile>();
        services.TryAddSingleton<AssertionKeyRing>();
        services.TryAddSingleton<TenantAssertionVerifier>();
        services.TryAddSingleton(sp => new ControlCredentialReplayCache(sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<CellFaultRegistry>();
        services.TryAddSingleton<ICellProcessTerminator, FailFastProcessTerminator>();
        services.TryAddSingleton<TenantOwnershipCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeveloperPageExceptionFilter, MisdirectedDeveloperPageFilter>());
        services.TryAddSingleton<TenantActivity>();
        services.TryAddSingleton<TenantAdminLocks>();
        services.TryAddSingleton<CellTenantOperations>();

        services.AddProblemDetails();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, BadRequestExceptionHandler>());
        services.AddHealthChecks();

        services.AddMetrics();
        services.TryAddSingleton<CellMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(CellMetrics.MeterName).AddPrometheusExporter());

        return new CellularBuilder(services);
    }

    /// <summary>Adds the cell SDK and then applies <paramref name="configure"/> over the bound <see cref="CellOptions"/>.</summary>
    public static ICellularBuilder AddCellular(this IServiceCollection services, Action<CellOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddCellular();
        services.Configure(configure);
        return builder;
    }
}
