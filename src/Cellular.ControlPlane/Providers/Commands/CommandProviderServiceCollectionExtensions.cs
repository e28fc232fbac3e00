using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Providers.Commands;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <c>command</c> cell provider.</summary>
public static class CommandProviderServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>command</c> provider (cells run by the user's own commands) with options from
    /// <c>Cellular:Command</c> merged over its <c>TemplateFiles</c>, validated at start-up. Needs
    /// the built-in providers' services (<see cref="ControlPlaneServiceCollectionExtensions.AddCellProviders"/>).
    /// </summary>
    public static IServiceCollection AddCommandProvider(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<CommandProviderOptions>()
            .Configure<IConfiguration>(CommandTemplateFiles.Bind)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CommandProviderOptions>, CommandProviderOptionsValidator>());
        services.TryAddSingleton<CommandRunner>();
        services.TryAddSingleton<CommandCellProvider>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICellProvider, CommandCellProvider>(sp => sp.GetRequiredService<CommandCellProvider>()));
        return services;
    }
}
