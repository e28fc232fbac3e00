using Cellular.ControlPlane.Configuration;
using Cellular.Core.Api;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Kills the control-plane process at <see cref="DeploymentOptions.CrashAtCheckpoint"/>, once per data
/// directory (a marker file remembers it, so the restarted process resumes instead of dying again).
/// FailFast, not a graceful stop: the point is a crash with side effects half done.
/// </summary>
internal sealed partial class DeploymentCrashDrill(
    IOptions<DeploymentOptions> options,
    IOptions<ControlPlaneOptions> controlPlane,
    ILogger<DeploymentCrashDrill> logger) : IDeploymentCheckpoint
{
    public Task ReachedAsync(Deployment deployment, string checkpoint, CancellationToken cancellationToken)
    {
        if (!Hosting.CrashDrill.Arm(options.Value.CrashAtCheckpoint, checkpoint, controlPlane.Value.DataDir, "deployment-", deployment.Id))
        {
            return Task.CompletedTask;
        }

        LogCrash(logger, deployment.Id, deployment.Version, checkpoint);
        Environment.FailFast($"Crash drill: deployment {deployment.Id} reached {checkpoint}.");
        return Task.CompletedTask;
    }

    [LoggerMessage(Logging.EventIds.DeploymentCrashDrill, LogLevel.Critical, "Crash drill: the control plane dies now, as deployment {deployment} of version {version} reached {checkpoint}")]
    private static partial void LogCrash(ILogger logger, string deployment, string version, string checkpoint);
}
