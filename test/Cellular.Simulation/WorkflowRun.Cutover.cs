namespace Cellular.Simulation;

/// <summary>The cutover: fence the source, final sync, compare, journal — within the budget or roll back.</summary>
internal sealed partial class WorkflowRun
{
    /// <summary>
    /// Fences the source at the new epoch (it refuses the tenant with 421 from then on and answers
    /// with the high-water mark its drained writes reached), copies the rest, compares both hashes
    /// and journals the switch. A call cut short by the budget fails, which rolls the move back.
    /// </summary>
    private async Task<MigrationRow> CutOverAsync()
    {
        var m = _migration;
        var budget = settings.CutoverBudgetMs;
        await Checkpoint(CheckpointDrill.CutoverStarted);
        var (position, _) = await ReplayAsync(m.From, m.To, m.Tenant, m.SyncedTo, settings.CatchUpMaxRounds, null);
        var fencedAt = Now;
        long Left() => Math.Max(1, Math.Min(settings.CellTimeoutMs, budget - (Now - fencedAt)));

        var fence = await cells.FenceAsync(m.From, m.Tenant, Driver, Scope, Left());
        Trace($"{Id} fenced the source {m.From} at epoch {m.Epoch}, position {fence.Position}");
        await Checkpoint(CheckpointDrill.SourceFenced);
        var (final, _) = await ReplayAsync(m.From, m.To, m.Tenant, position, int.MaxValue, Left());
        if (final < fence.Position)
        {
            throw new MigrationAbortException($"The source's change feed ended at {final}, below its fence position {fence.Position}.");
        }

        await Checkpoint(CheckpointDrill.Synced);
        var sourceHash = await cells.HashAsync(m.From, m.Tenant, Scope, Left());
        var targetHash = await cells.HashAsync(m.To, m.Tenant, Scope, Left());
        if (sourceHash != targetHash)
        {
            throw new MigrationAbortException($"After the final sync the copies differ: source {sourceHash}, target {targetHash}.");
        }

        if (Now - fencedAt > budget)
        {
            throw new MigrationAbortException($"The cutover did not finish within its budget of {budget} ms.");
        }

        try
        {
            var switched = await store.WriteAsync($"switch {Id} (token {Guard.Token})", db => db.Switch(Guard, Id, x => x with { SyncedTo = final }));
            Trace($"{Id} switched: {m.Tenant} → {m.To} at epoch {m.Epoch}");
            _journaled = true;
            return switched;
        }
        catch (RemoteRefusalException e)
        {
            throw new MigrationAbortException($"The switch was refused: {e.Message}");
        }
    }
}
