namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>Log events of the process provider.</summary>
internal sealed partial class ProcessCellProvider
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.CellProcessStarted, LogLevel.Information, "Cell {cell} version {version} started as process {pid} on {endpoint}; its output goes to {log}")]
        public static partial void Started(ILogger logger, string cell, string version, int pid, string endpoint, string log);

        [LoggerMessage(Logging.EventIds.CellProcessAdopted, LogLevel.Information, "Cell {cell} is already running as process {pid} on {endpoint}; adopted it")]
        public static partial void Adopted(ILogger logger, string cell, int pid, string endpoint);

        [LoggerMessage(Logging.EventIds.CellProcessUnowned, LogLevel.Warning, "Cell {cell} answers on {endpoint} as process {pid}, which this control plane cannot see; it is left as it is")]
        public static partial void Unowned(ILogger logger, string cell, int pid, string endpoint);

        [LoggerMessage(Logging.EventIds.CellProcessStopped, LogLevel.Information, "Cell {cell} process {pid} on {endpoint} stopped: {outcome}")]
        public static partial void Stopped(ILogger logger, string cell, int pid, string endpoint, Cellular.Core.Processes.ProcessStopOutcome outcome);

        [LoggerMessage(Logging.EventIds.CellProcessExited, LogLevel.Warning, "Cell {cell} process {pid} on {endpoint} exited unexpectedly (exit code {exitCode})")]
        public static partial void Exited(ILogger logger, string cell, int pid, string endpoint, int? exitCode);

        [LoggerMessage(Logging.EventIds.CellProcessesLeftRunning, LogLevel.Information, "Leaving {count} cell process(es) running (StopCellsOnShutdown is off)")]
        public static partial void LeftRunning(ILogger logger, int count);
    }
}
