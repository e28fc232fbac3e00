using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Deployments;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the self-contained parts of wave deployments: options, windows and webhooks.</summary>
public static class DeploymentNotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>Cellular:ControlPlane:Deployments</c> options (validated at start-up), the deployment
    /// windows and the webhook notifier (a hosted service with its <c>cellular-webhooks</c> client).
    /// </summary>
    public static IServiceCollection AddDeploymentPieces(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<DeploymentOptions>().BindConfiguration(DeploymentOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeploymentOptions>, DeploymentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeploymentWindows>();

        // No redirects (a POST must not turn into a GET somewhere else) and no request logging:
        // hook URLs often carry a token in their path.
        services.AddHttpClient(DeploymentNotifier.HttpClientName, client => client.Timeout = DeploymentNotifier.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.TryAddSingleton<DeploymentNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentNotifier>());
        return services;
    }
}
