using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Log events of the experiment runner.</summary>
internal sealed partial class ExperimentRunner
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.ExperimentStarted, LogLevel.Information, "Experiment {experiment} started: {kind} fault in cells {cells} for {durationSeconds} s")]
        public static partial void Started(ILogger logger, string experiment, string cells, CellFaultKind kind, int durationSeconds);

        [LoggerMessage(Logging.EventIds.ExperimentStartFailed, LogLevel.Warning, "Experiment {experiment} failed to start: {reason}")]
        public static partial void StartFailed(ILogger logger, string experiment, string reason);

        [LoggerMessage(Logging.EventIds.ExperimentEnded, LogLevel.Information, "Experiment {experiment} ended {state}: {reason}")]
        public static partial void Ended(ILogger logger, string experiment, ExperimentState state, string reason);

        [LoggerMessage(Logging.EventIds.ExperimentStopConditionFired, LogLevel.Warning, "Experiment {experiment} aborted: cell {cell} outside its targets degraded. {reason}")]
        public static partial void StopConditionFired(ILogger logger, string experiment, string cell, string reason);

        [LoggerMessage(Logging.EventIds.ExperimentFaultCallFailed, LogLevel.Warning, "Experiment {experiment}: {operation} of a fault in cell {cell} failed: {error}")]
        public static partial void FaultCallFailed(ILogger logger, string experiment, string operation, string cell, string error);

        [LoggerMessage(Logging.EventIds.ExperimentStatsUnavailable, LogLevel.Warning, "Experiment {experiment}: router statistics unavailable ({missed} in a row): {error}")]
        public static partial void StatsUnavailable(ILogger logger, string experiment, int missed, string error);

        [LoggerMessage(Logging.EventIds.ExperimentReportReady, LogLevel.Information, "Experiment {experiment} report: {verdict}, {affectedTenants} tenant(s) affected; {evidence}")]
        public static partial void ReportReady(ILogger logger, string experiment, string verdict, int affectedTenants, string evidence);

        [LoggerMessage(Logging.EventIds.ExperimentTickFailed, LogLevel.Error, "The experiment runner's check failed; it runs again at the next interval")]
        public static partial void TickFailed(ILogger logger, Exception exception);

        [LoggerMessage(Logging.EventIds.ExperimentCheckFailed, LogLevel.Error, "Experiment {experiment} could not be checked; it is tried again at the next interval")]
        public static partial void ExperimentTickFailed(ILogger logger, Exception exception, string experiment);

        [LoggerMessage(Logging.EventIds.ExperimentOrphaned, LogLevel.Warning, "Experiment {experiment} was left {state} by a previous run of the control plane; aborting it")]
        public static partial void Orphaned(ILogger logger, string experiment, ExperimentState state);
    }
}
