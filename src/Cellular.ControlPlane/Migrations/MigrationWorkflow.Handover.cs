using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>The steps after the switch: hand the tenant over, soak, purge the source's copy. Each is idempotent and retried, never undone.</summary>
internal sealed partial class MigrationWorkflow
{
    /// <summary>
    /// Activates the target at the new epoch, publishes the table (routers learn the new owner) and
    /// tells the source where the tenant went (stale routers then get 421 with the owner). The
    /// target is activated before the table is published, so the first request routed by the new
    /// table finds the tenant served instead of bouncing.
    /// </summary>
    private async Task<Migration> HandOverAsync(MigrationRun run)
    {
        if (run.JournalVersion is not null)
        {
            await CheckpointAsync(run, MigrationCheckpoints.Journaled, run.Token);
        }

        var migration = run.Migration;
        var (source, target) = await EndpointsAsync(migration, run.Token);
        long? activateMs = null, publishMs = null;
        try
        {
            await cells.ActivateAsync(target, migration.Tenant, migration.Epoch, run.Token);
            activateMs = SinceFence(run);
            await CheckpointAsync(run, MigrationCheckpoints.Activated, run.Token);
        }
        finally
        {
            // The switch is the truth whether or not the target answered: routers must follow it.
            publisher.Committed(run.JournalVersion ?? await database.ReadAsync(versionStore.GetAsync, CancellationToken.None));
            publishMs = SinceFence(run);
        }

        await cells.MovedAsync(source, migration.Tenant, migration.To, migration.Epoch, run.Token);
        await CheckpointAsync(run, MigrationCheckpoints.MovedRecorded, run.Token);
        run.HandedOver = true;

        // A run resumed after the switch has no process clock of the fence: it measures from when Cutover was recorded.
        var fallbackMs = MigrationReports.EnteredAt(migration, MigrationState.Cutover) is { } cutoverAt
            ? (long)(time.GetUtcNow() - cutoverAt).TotalMilliseconds
            : (long?)null;
        var soakUntil = time.GetUtcNow() + options.Value.Soak;
        var handedOver = await AdvanceAsync(run, MigrationState.Soak, m => m with
        {
            SoakUntil = soakUntil,
            LastError = null,
            Report = m.Report with
            {
                Cutover = m.Report.Cutover is { } cutover
                    ? cutover with
                    {
                        FenceToJournalMs = run.FenceToJournalMs ?? cutover.FenceToJournalMs,
                        FenceToActivateMs = activateMs ?? cutover.FenceToActivateMs ?? fallbackMs,
                        FenceToPublishMs = publishMs ?? cutover.FenceToPublishMs ?? fallbackMs,
                    }
                    : null,
            },
        });
        var window = handedOver.Report.Cutover;
        Log.HandedOver(logger, migration.Id, migration.Tenant, migration.To, migration.Epoch, window?.FenceToActivateMs, window?.FenceToPublishMs);
        return handedOver;
    }

    /// <summary>
    /// Keeps the source's copy until <see cref="Migration.SoakUntil"/>, then purges it there (the
    /// source keeps its record of the move, so stale requests still learn the owner) and completes.
    /// A resumed run first repeats the handover calls, which are idempotent.
    /// </summary>
    private async Task<Migration> SoakAsync(MigrationRun run)
    {
        var migration = run.Migration;
        var (source, target) = await EndpointsAsync(migration, run.Token);
        if (!run.HandedOver)
        {
            await cells.ActivateAsync(target, migration.Tenant, migration.Epoch, run.Token);
            await cells.MovedAsync(source, migration.Tenant, migration.To, migration.Epoch, run.Token);
            run.HandedOver = true;
        }

        await CheckpointAsync(run, MigrationCheckpoints.SoakStarted, run.Token);
        var wait = (migration.SoakUntil ?? time.GetUtcNow()) - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, run.Token);
        }

        await CheckpointAsync(run, MigrationCheckpoints.SoakElapsed, run.Token);
        await cells.PurgeAsync(source, migration.Tenant, force: false, fencedAt: null, run.Token);
        var now = time.GetUtcNow();
        var elapsed = time.GetElapsedTime(run.PhaseStartedAt);
        var completed = await transitions.UpdateAsync(
            migration.Id,
            [MigrationState.Soak],
            m => MigrationReports.Enter(m with { LastError = null }, MigrationState.Complete, now, elapsed),
            new MigrationAudit(Actor, "migration.complete", AuditDetail.Of(("tenant", migration.Tenant), ("from", migration.From), ("to", migration.To), ("epoch", migration.Epoch))),
            CancellationToken.None)
            ?? await database.ReadAsync(tx => migrationStore.GetAsync(tx, migration.Id), CancellationToken.None)
            ?? migration;
        Log.Completed(logger, migration.Id, migration.Tenant, migration.From, migration.To);
        return completed;
    }

    private long? SinceFence(MigrationRun run) =>
        run.FenceRequestedAt is { } fencedAt ? (long)time.GetElapsedTime(fencedAt).TotalMilliseconds : null;
}
