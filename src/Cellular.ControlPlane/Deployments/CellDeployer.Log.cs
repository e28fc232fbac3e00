namespace Cellular.ControlPlane.Deployments;

internal sealed partial class CellDeployer
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.DeploymentCellDeployed, LogLevel.Information, "Deployment {deployment}: cell {cell} runs version {version} at {endpoint}")]
        public static partial void CellDeployed(ILogger logger, string deployment, string cell, string version, string endpoint);

        [LoggerMessage(Logging.EventIds.DeploymentCellFailed, LogLevel.Warning, "Deployment {deployment}: cell {cell} did not take version {version}: {reason}")]
        public static partial void CellFailed(ILogger logger, string deployment, string cell, string version, string reason);

        [LoggerMessage(Logging.EventIds.DeploymentRoutersLagging, LogLevel.Warning, "Cell {cell}: not every router uses table version {version} yet ({behind}); stopping the old workload anyway")]
        public static partial void RoutersLagging(ILogger logger, string cell, long version, string behind);
    }
}
