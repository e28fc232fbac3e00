using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>Log events of the migration workflow; every one names the migration and the tenant, and the cells where they matter.</summary>
internal sealed partial class MigrationWorkflow
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.MigrationStepEntered, LogLevel.Information, "Migration {migration} of tenant {tenant} (cell {source} to cell {target}) is now {state}")]
        public static partial void Entered(ILogger logger, string migration, string tenant, string source, string target, MigrationState state);

        [LoggerMessage(Logging.EventIds.MigrationCopied, LogLevel.Information, "Migration {migration}: snapshot of tenant {tenant} copied from cell {source} to cell {target}: {rows} rows, {bytes} bytes in {elapsedMs} ms")]
        public static partial void Copied(ILogger logger, string migration, string tenant, string source, string target, long rows, long bytes, long elapsedMs);

        [LoggerMessage(Logging.EventIds.MigrationCaughtUp, LogLevel.Information, "Migration {migration}: tenant {tenant} caught up in {rounds} change pages ({changes} changes); {lag} changes behind")]
        public static partial void CaughtUp(ILogger logger, string migration, string tenant, int rounds, long changes, long lag);

        [LoggerMessage(Logging.EventIds.MigrationVerified, LogLevel.Information, "Migration {migration}: verification of tenant {tenant} passed: {passed}. {detail}")]
        public static partial void Verified(ILogger logger, string migration, string tenant, bool passed, string detail);

        [LoggerMessage(Logging.EventIds.MigrationSwitched, LogLevel.Information, "Migration {migration}: tenant {tenant} switched from cell {source} to cell {target} at epoch {epoch}; table version {version}; {fenceToJournalMs} ms since the source fence")]
        public static partial void Switched(ILogger logger, string migration, string tenant, string source, string target, long epoch, long version, long fenceToJournalMs);

        [LoggerMessage(Logging.EventIds.MigrationHandedOver, LogLevel.Information, "Migration {migration}: cell {target} serves tenant {tenant} at epoch {epoch}; writes paused {fenceToActivateMs} ms until activation, {fenceToPublishMs} ms until the table was published")]
        public static partial void HandedOver(ILogger logger, string migration, string tenant, string target, long epoch, long? fenceToActivateMs, long? fenceToPublishMs);

        [LoggerMessage(Logging.EventIds.MigrationCompleted, LogLevel.Information, "Migration {migration} of tenant {tenant} complete: the copy on cell {source} is purged, cell {target} owns it")]
        public static partial void Completed(ILogger logger, string migration, string tenant, string source, string target);

        [LoggerMessage(Logging.EventIds.MigrationRollingBack, LogLevel.Warning, "Migration {migration} of tenant {tenant} rolls back from {state}: {reason}")]
        public static partial void RollingBack(ILogger logger, string migration, string tenant, MigrationState state, string reason);

        [LoggerMessage(Logging.EventIds.MigrationEnded, LogLevel.Warning, "Migration {migration} of tenant {tenant} ended {state}: {reason}")]
        public static partial void Ended(ILogger logger, string migration, string tenant, MigrationState state, string reason);

        [LoggerMessage(Logging.EventIds.MigrationPurgeFailed, LogLevel.Warning, "Migration {migration}: the copy of tenant {tenant} on cell {target} could not be purged: {error}")]
        public static partial void PurgeFailed(ILogger logger, string migration, string tenant, string target, string error);

        [LoggerMessage(Logging.EventIds.MigrationStepFailedAfterSwitch, LogLevel.Warning, "Migration {migration} of tenant {tenant}: a step of {state} failed and is retried (the switch stands): {error}")]
        public static partial void StepFailedAfterSwitch(ILogger logger, string migration, string tenant, MigrationState state, string error);
    }
}
