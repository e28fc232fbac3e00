using Cellular.Core.Model;

namespace Cellular.ControlPlane.Health;

/// <summary>Log events of the health monitor.</summary>
internal sealed partial class CellHealthMonitor
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.CellMarkedUnhealthy, LogLevel.Warning, "Cell {cell} ({previousState}) is now Unhealthy: {reason}; table version {version}")]
        public static partial void MarkedUnhealthy(ILogger logger, string cell, CellState previousState, string reason, long version);

        [LoggerMessage(Logging.EventIds.CellRecovered, LogLevel.Information, "Cell {cell} recovered and is {state} again after {reason}; table version {version}")]
        public static partial void Recovered(ILogger logger, string cell, CellState state, string reason, long version);

        [LoggerMessage(Logging.EventIds.CellProbeFailed, LogLevel.Debug, "Health probe {failures} in a row of cell {cell} failed: {error}")]
        public static partial void ProbeFailed(ILogger logger, string cell, int failures, string error);

        [LoggerMessage(Logging.EventIds.HealthRoundFailed, LogLevel.Error, "A health probe round failed; the next one runs at the next interval")]
        public static partial void RoundFailed(ILogger logger, Exception exception);
    }
}
