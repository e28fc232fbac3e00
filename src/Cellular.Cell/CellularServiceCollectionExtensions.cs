using Cellular.Cell;
using Cellular.Cell.Faults;
using Cellular.Cell.Hosting;
using Cellular.Cell.Internal;
using Cellular.Cell.Ownership;
using Cellular.Cell.TenantData;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes an ASP.NET Core app cell-ready; pair it with <c>app.MapCellular()</c>.</summary>
public static class CellularServiceCollectionExtensions
{
    /// <summary>
    /// Adds the cell SDK: <see cref="CellOptions"/> bound from <c>Cellular:Cell</c> and validated
    /// at start-up, health checks, problem+json errors, a middleware that runs every request
    /// in a log scope with the cell and tenant, fault injection, and tenant fencing (active once
    /// the app registers an ownership store). Safe to call more than once.
    /// </summary>
    public static ICellularBuilder AddCellular(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CellOptions>()
            .BindConfiguration(CellOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CellOptions>, CellOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CellRuntime>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CellStartupService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, CellStartupFilter>());

        services.TryAddSingleton<CellFaultRegistry>();
        services.TryAddSingleton<ICellProcessTerminator, FailFastProcessTerminator>();
        services.TryAddSingleton<TenantOwnershipCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeveloperPageExceptionFilter, MisdirectedDeveloperPageFilter>());
        services.TryAddSingleton<TenantActivity>();
        services.TryAddSingleton<TenantAdminLocks>();
        services.TryAddSingleton<CellTenantOperations>();

        services.AddProblemDetails();
        services.AddHealthChecks();

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
