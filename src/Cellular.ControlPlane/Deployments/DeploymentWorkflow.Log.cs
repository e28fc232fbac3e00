using Cellular.Core.Api;

namespace Cellular.ControlPlane.Deployments;

internal sealed partial class DeploymentWorkflow
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.DeploymentWaveStarted, LogLevel.Information, "Deployment {deployment}: wave {wave} starts on {cells} with version {version}")]
        public static partial void WaveStarted(ILogger logger, string deployment, int wave, string cells, string version);

        [LoggerMessage(Logging.EventIds.DeploymentGateFailed, LogLevel.Warning, "Deployment {deployment}: wave {wave} failed its gate on cell {cell}: {detail}")]
        public static partial void GateFailed(ILogger logger, string deployment, int wave, string cell, string detail);

        [LoggerMessage(Logging.EventIds.DeploymentEnded, LogLevel.Information, "Deployment {deployment} of version {version} ended {state}: {reason}")]
        public static partial void Ended(ILogger logger, string deployment, string version, DeploymentState state, string reason);

        [LoggerMessage(Logging.EventIds.DeploymentWaiting, LogLevel.Information, "Deployment {deployment}: {reason}")]
        public static partial void Waiting(ILogger logger, string deployment, string reason);
    }
}
