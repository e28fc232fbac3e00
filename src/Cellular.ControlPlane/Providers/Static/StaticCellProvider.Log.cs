namespace Cellular.ControlPlane.Providers.Static;

/// <summary>Log events of the static provider.</summary>
internal sealed partial class StaticCellProvider
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.StaticCellUnreachable, LogLevel.Warning, "Static cell {cell} is not healthy: {reason}")]
        public static partial void Unreachable(ILogger logger, string cell, string reason);
    }
}
