using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Publishing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the table-change watcher with options from <c>Cellular:ControlPlane:TableWatch</c>, validated at start-up.</summary>
internal static class TableWatchServiceCollectionExtensions
{
    /// <summary>Adds <see cref="TableChangeWatcher"/>; register it after the hosted service that opens the store.</summary>
    public static IServiceCollection AddTableChangeWatcher(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<TableWatchOptions>().BindConfiguration(TableWatchOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TableWatchOptions>, TableWatchOptionsValidator>());
        services.TryAddSingleton<TableChangeWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<TableChangeWatcher>());
        return services;
    }
}
