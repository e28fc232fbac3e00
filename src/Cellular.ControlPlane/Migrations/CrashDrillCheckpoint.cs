using Cellular.ControlPlane.Configuration;
using Cellular.Core.Api;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// Kills the control-plane process at <see cref="MigrationOptions.CrashAtCheckpoint"/>, once per
/// data directory (a marker file remembers it, so the restarted process resumes instead of dying
/// again). FailFast, not a graceful stop: the point is a crash with side effects half done.
/// </summary>
internal sealed partial class CrashDrillCheckpoint(
    IOptions<MigrationOptions> options,
    IOptions<ControlPlaneOptions> controlPlane,
    ILogger<CrashDrillCheckpoint> logger) : IMigrationCheckpoint
{
    public Task ReachedAsync(Migration migration, string checkpoint, CancellationToken cancellationToken)
    {
        if (!Hosting.CrashDrill.Arm(options.Value.CrashAtCheckpoint, checkpoint, controlPlane.Value.DataDir, string.Empty, migration.Id))
        {
            return Task.CompletedTask;
        }

        LogCrash(logger, migration.Id, migration.Tenant, checkpoint);
        Environment.FailFast($"Crash drill: migration {migration.Id} reached {checkpoint}.");
        return Task.CompletedTask;
    }

    [LoggerMessage(Logging.EventIds.MigrationCrashDrill, LogLevel.Critical, "Crash drill: the control plane dies now, as migration {migration} of tenant {tenant} reached {checkpoint}")]
    private static partial void LogCrash(ILogger logger, string migration, string tenant, string checkpoint);
}
