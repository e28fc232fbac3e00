using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>The rollback before the switch: the source serves again, the target's copy goes, the epoch is burnt.</summary>
internal sealed partial class WorkflowRun
{
    /// <summary>
    /// Unfences the source if this move fenced it, purges the target's copy if it is this move's
    /// fenced copy, and in one (fenced) transaction ends the migration and burns the epoch. The
    /// calls run without the run's cancellation, as in the control plane (CancellationToken.None).
    /// </summary>
    private async Task<MigrationRow> RollBackAsync(MigrationState end, string reason)
    {
        var m = await store.Read($"get {Id}", db => db.Migration(Id)) ?? _migration;
        if (m.State.IsSwitched() || m.State.IsTerminal())
        {
            return m;
        }

        _migration = m;
        Trace($"{Id} rolls back from {m.State}: {reason}");
        await Checkpoint(CheckpointDrill.RollbackStarted);
        if (m.State != MigrationState.Planned)
        {
            await UnfenceSourceAsync(m);
            await PurgeTargetCopyAsync(m);
        }

        var ended = await store.WriteAsync(
            $"end {Id} {end} (token {Guard.Token})",
            db => db.End(Guard, Id, x => x with { State = end, Reason = reason }, burnEpoch: m.State != MigrationState.Planned));
        return ended ?? await store.Read($"get {Id}", db => db.Migration(Id)) ?? m;
    }

    /// <summary>Unfences the source when it is fenced at this move's epoch; in the cutover that must succeed, before it a source that does not answer is only noted.</summary>
    private async Task UnfenceSourceAsync(MigrationRow m)
    {
        try
        {
            var view = await cells.GetAsync(m.From, m.Tenant, null);
            if (view.State == TenantOwnershipState.Fenced && view.Epoch == m.Epoch)
            {
                await cells.UnfenceAsync(m.From, m.Tenant, Driver, null);
            }
        }
        catch (CellCallFailedException) when (m.State != MigrationState.Cutover)
        {
            // This move never fenced the source.
        }
    }

    /// <summary>Purges the target's copy, but only this move's fenced copy, never a tenant the target serves; a failure is only noted.</summary>
    private async Task PurgeTargetCopyAsync(MigrationRow m)
    {
        try
        {
            var view = await cells.GetAsync(m.To, m.Tenant, null);
            if (view.State == TenantOwnershipState.Fenced && view.Epoch == m.Epoch)
            {
                await cells.PurgeAsync(m.To, m.Tenant, force: true, Driver, null);
            }
        }
        catch (CellCallFailedException)
        {
            // It stays fenced there and the next import replaces it.
        }
    }
}
