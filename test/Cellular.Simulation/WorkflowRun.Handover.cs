using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>The steps after the switch: hand over, soak, purge the source's copy. Idempotent, retried, never undone.</summary>
internal sealed partial class WorkflowRun
{
    /// <summary>Activates the target at the new epoch (the table is already published by the switch), then tells the source where the tenant went.</summary>
    private async Task<MigrationRow> HandOverAsync()
    {
        if (_journaled)
        {
            await Checkpoint(CheckpointDrill.Journaled);
        }

        var m = _migration;
        await cells.ActivateAsync(m.To, m.Tenant, Driver, Scope);
        await Checkpoint(CheckpointDrill.Activated);
        await cells.MovedAsync(m.From, m.Tenant, m.To, Driver, Scope);
        await Checkpoint(CheckpointDrill.MovedRecorded);
        _handedOver = true;
        var soakUntil = Now + settings.SoakMs;
        return await AdvanceAsync(MigrationState.Soak, x => x with { SoakUntil = soakUntil });
    }

    /// <summary>Keeps the source's copy until the soak ends, then purges it there (only a tenant that moved away) and completes.</summary>
    private async Task<MigrationRow> SoakAsync()
    {
        var m = _migration;
        if (!_handedOver)
        {
            await cells.ActivateAsync(m.To, m.Tenant, Driver, Scope);
            await cells.MovedAsync(m.From, m.Tenant, m.To, Driver, Scope);
            _handedOver = true;
        }

        await Checkpoint(CheckpointDrill.SoakStarted);
        var wait = (m.SoakUntil ?? Now) - Now;
        if (wait > 0)
        {
            await delay.For(replica, wait, Scope);
        }

        await Checkpoint(CheckpointDrill.SoakElapsed);
        await cells.PurgeAsync(m.From, m.Tenant, force: false, Driver, Scope);
        return await store.UpdateAsync(Guard, Id, [MigrationState.Soak], "complete", x => x with { State = MigrationState.Complete })
            ?? await store.Read($"get {Id}", db => db.Migration(Id))
            ?? m;
    }
}
