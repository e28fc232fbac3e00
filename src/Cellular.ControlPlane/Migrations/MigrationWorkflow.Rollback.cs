using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>The rollback before the switch: the source serves again, the target's copy goes, the epoch is burnt.</summary>
internal sealed partial class MigrationWorkflow
{
    /// <summary>
    /// Undoes a migration that has not switched: unfences the source if this move fenced it (it then
    /// serves at the new epoch), purges the target's copy if it is this move's fenced copy, and in
    /// one transaction ends the migration and publishes the tenant on the source at the new epoch
    /// (the source refuses the old one now). Every call is idempotent; a failed unfence leaves the
    /// migration where it is, to be rolled back again by the next run.
    /// </summary>
    private async Task<Migration> RollBackAsync(MigrationRun run, MigrationState end, string reason)
    {
        // Never undo a switch: re-read, in case the journal committed before the failure surfaced.
        var migration = await database.ReadAsync(tx => migrationStore.GetAsync(tx, run.Migration.Id), CancellationToken.None) ?? run.Migration;
        if (migration.State.IsSwitched() || migration.State.IsTerminal())
        {
            return migration;
        }

        run.Migration = migration;
        Log.RollingBack(logger, migration.Id, migration.Tenant, migration.State, reason);
        await CheckpointAsync(run, MigrationCheckpoints.RollbackStarted, CancellationToken.None);
        var source = (await database.ReadAsync(tx => cellStore.GetAsync(tx, migration.From), CancellationToken.None))?.Cell.Endpoint;
        var target = (await database.ReadAsync(tx => cellStore.GetAsync(tx, migration.To), CancellationToken.None))?.Cell.Endpoint;
        var notes = new List<string> { reason };

        if (source is not null && migration.State != MigrationState.Planned)
        {
            await UnfenceSourceAsync(migration, source, notes);
        }

        if (target is not null && migration.State != MigrationState.Planned)
        {
            await PurgeTargetCopyAsync(migration, target, notes);
        }

        var detail = string.Join(" ", notes);
        var now = time.GetUtcNow();
        var elapsed = time.GetElapsedTime(run.PhaseStartedAt);
        var cutover = run.Cutover;
        var ended = await transitions.EndAsync(
            migration.Id,
            MigrationStates.BeforeSwitch,
            m => MigrationReports.Enter(m with { Reason = detail, Report = m.Report with { Cutover = cutover ?? m.Report.Cutover } }, end, now, elapsed),
            burnEpoch: migration.State != MigrationState.Planned,
            new MigrationAudit(Actor, end == MigrationState.Failed ? "migration.failed" : "migration.aborted", AuditDetail.Of(("tenant", migration.Tenant), ("from", migration.State.ToString()), ("reason", detail))),
            CancellationToken.None);
        if (ended is null)
        {
            return await database.ReadAsync(tx => migrationStore.GetAsync(tx, migration.Id), CancellationToken.None) ?? migration;
        }

        if (ended.Value.Changed)
        {
            publisher.Committed(ended.Value.Version);
        }

        Log.Ended(logger, migration.Id, migration.Tenant, end, detail);
        return ended.Value.Value;
    }

    /// <summary>
    /// Unfences the source when it is fenced at this move's epoch. In the cutover it may be, so
    /// the call must succeed; before it this move never fenced the source, so a source that does
    /// not answer is only noted.
    /// </summary>
    private async Task UnfenceSourceAsync(Migration migration, string source, List<string> notes)
    {
        try
        {
            var view = await cells.GetAsync(source, migration.Tenant, CancellationToken.None);
            if (view.State == TenantOwnershipState.Fenced && view.Epoch == migration.Epoch)
            {
                await cells.UnfenceAsync(source, migration.Tenant, migration.Epoch, CancellationToken.None);
                notes.Add($"Cell '{migration.From}' serves the tenant again at epoch {migration.Epoch}.");
            }
        }
        catch (CellTenantCallException e) when (migration.State != MigrationState.Cutover)
        {
            notes.Add($"The source could not be checked ({e.Message}); this move never fenced it.");
        }
    }

    /// <summary>Purges the target's copy, but only this move's fenced copy, never a tenant the target serves; a failure is only noted.</summary>
    private async Task PurgeTargetCopyAsync(Migration migration, string target, List<string> notes)
    {
        try
        {
            var view = await cells.GetAsync(target, migration.Tenant, CancellationToken.None);
            if (view.State == TenantOwnershipState.Fenced && view.Epoch == migration.Epoch)
            {
                await cells.PurgeAsync(target, migration.Tenant, force: true, fencedAt: migration.Epoch, CancellationToken.None);
                notes.Add($"The copy on cell '{migration.To}' was purged.");
            }
        }
        catch (CellTenantCallException e)
        {
            Log.PurgeFailed(logger, migration.Id, migration.Tenant, migration.To, e.Message);
            notes.Add($"The copy on cell '{migration.To}' could not be purged ({e.Message}); it stays fenced there and the next import replaces it.");
        }
    }
}
