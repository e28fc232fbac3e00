using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>Log events of the migration API.</summary>
internal sealed partial class MigrationService
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.MigrationCreated, LogLevel.Information, "Migration {migration} of tenant {tenant} planned by {actor}: cell {source} to cell {target} at epoch {epoch}")]
        public static partial void Created(ILogger logger, string migration, string tenant, string source, string target, long epoch, string actor);

        [LoggerMessage(Logging.EventIds.MigrationAbortRequested, LogLevel.Information, "Migration {migration} of tenant {tenant} ({state}): abort requested by {actor}")]
        public static partial void AbortRequested(ILogger logger, string migration, string tenant, MigrationState state, string actor);

        [LoggerMessage(Logging.EventIds.MigrationReversed, LogLevel.Information, "Migration {migration} is reversed by {reverse} (requested by {actor}): tenant {tenant} goes from cell {source} back to cell {target}")]
        public static partial void Reversed(ILogger logger, string migration, string reverse, string tenant, string source, string target, string actor);
    }
}
