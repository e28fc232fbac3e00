using Cellular.Core.Model;

namespace Cellular.ControlPlane.Cells;

/// <summary>Log events of the cell registry.</summary>
internal sealed partial class CellService
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.CellCreated, LogLevel.Information, "Cell {cell} created ({provider}) at {endpoint}; table version {version}")]
        public static partial void Created(ILogger logger, string cell, string provider, string? endpoint, long version);

        [LoggerMessage(Logging.EventIds.CellStartFailed, LogLevel.Warning, "Cell {cell} did not start and was removed: {reason}")]
        public static partial void StartFailed(ILogger logger, Exception exception, string cell, string reason);

        [LoggerMessage(Logging.EventIds.CellStateChanged, LogLevel.Information, "Cell {cell} is now {state}; table version {version}")]
        public static partial void StateChanged(ILogger logger, string cell, CellState state, long version);

        [LoggerMessage(Logging.EventIds.CellResumeFailed, LogLevel.Error, "Cell {cell} could not be taken back under management: {reason}")]
        public static partial void ResumeFailed(ILogger logger, Exception exception, string cell, string reason);

        [LoggerMessage(Logging.EventIds.CellStopFailed, LogLevel.Error, "Cell {cell} was retired but its workload could not be stopped")]
        public static partial void StopFailed(ILogger logger, Exception exception, string cell);

        [LoggerMessage(Logging.EventIds.CellProviderUnknown, LogLevel.Warning, "Cell {cell} uses provider '{provider}', which this control plane does not have; it is left alone")]
        public static partial void ProviderUnknown(ILogger logger, string cell, string provider);
    }
}
