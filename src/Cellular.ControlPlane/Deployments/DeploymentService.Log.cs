namespace Cellular.ControlPlane.Deployments;

internal sealed partial class DeploymentService
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.DeploymentCreated, LogLevel.Information, "Deployment {deployment} of version {version} planned by {actor}: {plan}")]
        public static partial void Created(ILogger logger, string deployment, string version, string plan, string actor);

        [LoggerMessage(Logging.EventIds.DeploymentWaiting, LogLevel.Warning, "No router statistics for the plan's traffic order, cells are ordered by id: {reason}")]
        public static partial void NoTraffic(ILogger logger, string reason);

        [LoggerMessage(Logging.EventIds.DeploymentControl, LogLevel.Information, "Deployment {deployment}: {action} by {actor}")]
        public static partial void Control(ILogger logger, string deployment, string action, string actor);
    }
}
