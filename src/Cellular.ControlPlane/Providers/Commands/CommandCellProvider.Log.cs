namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>Log events of the <c>command</c> provider.</summary>
internal sealed partial class CommandCellProvider
{
    private static partial class Log
    {
        [LoggerMessage(CommandEventIds.TargetRan, LogLevel.Information, "Cell {cell}: {component} {target} finished in {seconds:0.0} s")]
        public static partial void TargetRan(ILogger logger, string cell, string component, string target, double seconds);

        [LoggerMessage(CommandEventIds.CellCreated, LogLevel.Information, "Cell {cell} (template {template}, version {version}) serves on {endpoint}")]
        public static partial void Created(ILogger logger, string cell, string template, string version, string endpoint);

        [LoggerMessage(CommandEventIds.CellRecreating, LogLevel.Warning, "Cell {cell} does not answer on {endpoint} ({reason}); running its create commands again")]
        public static partial void Recreating(ILogger logger, string cell, string endpoint, string reason);

        [LoggerMessage(CommandEventIds.ReleaseStaged, LogLevel.Information, "Cell {cell}: version {version} staged on {endpoint}")]
        public static partial void Staged(ILogger logger, string cell, string version, string endpoint);

        [LoggerMessage(CommandEventIds.WorkloadDestroyed, LogLevel.Information, "Cell {cell}: workload on {endpoint} destroyed")]
        public static partial void WorkloadDestroyed(ILogger logger, string cell, string endpoint);

        [LoggerMessage(CommandEventIds.CellDestroyed, LogLevel.Information, "Cell {cell} destroyed")]
        public static partial void CellDestroyed(ILogger logger, string cell);

        [LoggerMessage(CommandEventIds.CleanupFailed, LogLevel.Warning, "Cell {cell}: cleaning up after a failed {target} did not work: {reason}")]
        public static partial void CleanupFailed(ILogger logger, Exception exception, string cell, string target, string reason);

        [LoggerMessage(CommandEventIds.Verified, LogLevel.Information, "Cell {cell} (version {version}) passed its verify commands")]
        public static partial void Verified(ILogger logger, string cell, string version);
    }
}
