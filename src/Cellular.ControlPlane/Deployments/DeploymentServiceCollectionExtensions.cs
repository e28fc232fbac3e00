using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Experiments;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers wave deployments.</summary>
public static class DeploymentServiceCollectionExtensions
{
    /// <summary>
    /// Adds the deployment API's service, the workflow and its runner (a hosted service that resumes
    /// unfinished deployments at start-up), the crash drill, the guard that keeps experiments and
    /// migrations off cells being deployed, windows, webhooks and the Prometheus gate; options from
    /// <c>Cellular:ControlPlane:Deployments</c>, validated at start-up.
    /// </summary>
    public static IServiceCollection AddDeployments(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddDeploymentPieces();
        services.AddPrometheusGate();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICellActivityGuard, DeploymentActivityGuard>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeploymentCheckpoint, DeploymentCrashDrill>());
        services.TryAddSingleton<DeploymentTransitions>();
        services.TryAddSingleton<CellDeployer>();
        services.TryAddSingleton<DeploymentWorkflow>();
        services.TryAddSingleton<DeploymentRunner>();
        services.TryAddSingleton<DeploymentService>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentRunner>());
        return services;
    }
}
