namespace Cellular.Router.Containment;

internal sealed partial class CellCircuit
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.CircuitOpened, LogLevel.Warning, "Circuit of cell {cell} opened: {reason}. Its tenants get 503 at once for {breakDuration}; other cells are not affected.")]
        public static partial void Opened(ILogger logger, string cell, string reason, TimeSpan breakDuration);

        [LoggerMessage(EventIds.CircuitHalfOpen, LogLevel.Information, "Circuit of cell {cell} is half-open: one probe request goes through.")]
        public static partial void HalfOpen(ILogger logger, string cell);

        [LoggerMessage(EventIds.CircuitClosed, LogLevel.Information, "Circuit of cell {cell} closed: the probe request succeeded.")]
        public static partial void Closed(ILogger logger, string cell);

        [LoggerMessage(EventIds.CircuitReopened, LogLevel.Warning, "Circuit of cell {cell} re-opened: {reason}. Its tenants get 503 at once for {breakDuration}.")]
        public static partial void Reopened(ILogger logger, string cell, string reason, TimeSpan breakDuration);
    }
}
