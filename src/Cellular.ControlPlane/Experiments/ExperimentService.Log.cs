namespace Cellular.ControlPlane.Experiments;

/// <summary>Log events of the experiments API.</summary>
internal sealed partial class ExperimentService
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.ExperimentCreated, LogLevel.Information, "Experiment {experiment} on cells {cells} accepted from {actor}")]
        public static partial void Created(ILogger logger, string experiment, string cells, string actor);

        [LoggerMessage(Logging.EventIds.ExperimentKillSwitchChanged, LogLevel.Warning, "Experiment kill switch engaged: {engaged} (by {actor})")]
        public static partial void KillSwitchChanged(ILogger logger, bool engaged, string actor);
    }
}
