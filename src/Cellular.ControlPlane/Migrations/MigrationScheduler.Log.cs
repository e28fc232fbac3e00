namespace Cellular.ControlPlane.Migrations;

/// <summary>Log events of the migration scheduler.</summary>
internal sealed partial class MigrationScheduler
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.MigrationStarted, LogLevel.Information, "Migration {migration} of tenant {tenant} started: cell {source} to cell {target}")]
        public static partial void Started(ILogger logger, string migration, string tenant, string source, string target);

        [LoggerMessage(Logging.EventIds.MigrationInterrupted, LogLevel.Warning, "Migration {migration} was interrupted; it resumes from its recorded step in {delayMs} ms")]
        public static partial void Interrupted(ILogger logger, Exception exception, string migration, long delayMs);

        [LoggerMessage(Logging.EventIds.LeasedRunSkipped, LogLevel.Debug, "Migration {migration} is driven by another replica (it holds the lease)")]
        public static partial void HeldElsewhere(ILogger logger, string migration);

        [LoggerMessage(Logging.EventIds.LeasedRunLost, LogLevel.Warning, "Migration {migration}: this replica lost its lease, so its run stopped without writing; the replica holding the lease now drives it")]
        public static partial void LeaseLost(ILogger logger, Exception exception, string migration);

        [LoggerMessage(Logging.EventIds.MigrationScheduleFailed, LogLevel.Error, "The migration scheduler could not read its queue; it tries again shortly")]
        public static partial void ScheduleFailed(ILogger logger, Exception exception);
    }
}
