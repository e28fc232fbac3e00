using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>The steps while the source still serves: copy the snapshot, replay the change feed, verify.</summary>
internal sealed partial class WorkflowRun
{
    /// <summary>Fences the target at the new epoch, then exports the source into the target. Redone whole on resume.</summary>
    private async Task<MigrationRow> CopyAsync()
    {
        var m = _migration;
        await Checkpoint(CheckpointDrill.CopyingStarted);
        await CheckPlanAsync();
        await cells.FenceAsync(m.To, m.Tenant, Driver, Scope);
        await Checkpoint(CheckpointDrill.TargetFenced);

        // Every change after the watermark read before the export is replayed.
        var before = await cells.GetAsync(m.From, m.Tenant, Scope);
        var snapshot = await cells.ExportAsync(m.From, m.Tenant, Scope);
        await cells.ImportAsync(m.To, m.Tenant, snapshot, Driver, Scope);
        await Checkpoint(CheckpointDrill.Imported);
        return await AdvanceAsync(MigrationState.CatchingUp, x => x with { SyncedTo = before.Watermark });
    }

    /// <summary>Replays the change feed page by page until the target is at most CatchUpMaxLag behind, or rolls back.</summary>
    private async Task<MigrationRow> CatchUpAsync()
    {
        var m = _migration;
        var position = m.SyncedTo;
        var rounds = 0;
        long lag;
        while (true)
        {
            var page = await cells.ChangesAsync(m.From, m.Tenant, position, Scope);
            if (HasWork(page, position))
            {
                await cells.ApplyAsync(m.To, m.Tenant, page, Driver, Scope);
            }

            rounds++;
            position = page.Next;
            lag = Math.Max(0, page.HighWater - page.Next);
            await Checkpoint(CheckpointDrill.CatchUpPage);
            if (lag <= settings.CatchUpMaxLag || rounds >= settings.CatchUpMaxRounds)
            {
                break;
            }
        }

        if (lag > settings.CatchUpMaxLag)
        {
            throw new MigrationAbortException($"Tenant '{m.Tenant}' writes faster than it is copied: still {lag} changes behind.");
        }

        var synced = position;
        return await AdvanceAsync(MigrationState.Verifying, x => x with { SyncedTo = synced });
    }

    private async Task<MigrationRow> VerifyAndCutOverAsync()
    {
        await VerifyAsync();
        return await CutOverAsync();
    }

    /// <summary>
    /// The pre-check before anything is fenced: replay to the source's high-water mark; a quiet
    /// source must hash equal, a busy one must have been reached; a failed check rolls back.
    /// </summary>
    private async Task VerifyAsync()
    {
        var m = _migration;
        await Checkpoint(CheckpointDrill.VerifyingStarted);
        var (position, last) = await ReplayAsync(m.From, m.To, m.Tenant, m.SyncedTo, settings.CatchUpMaxRounds, null);
        var sourceHash = await cells.HashAsync(m.From, m.Tenant, Scope);
        var sourceAfter = await cells.GetAsync(m.From, m.Tenant, Scope);
        var targetHash = await cells.HashAsync(m.To, m.Tenant, Scope);
        var targetView = await cells.GetAsync(m.To, m.Tenant, Scope);
        var sampled = last.Next;
        var passed = !last.HasMore && sourceAfter.Watermark == sampled
            ? sourceHash == targetHash
            : targetView.Watermark >= sampled;
        if (!passed)
        {
            await store.UpdateAsync(Guard, Id, [MigrationState.Verifying], "record the verification of", x => x with { SyncedTo = position });
            throw new MigrationAbortException($"Verification failed: source {sourceHash} at {sourceAfter.Watermark}, target {targetHash} at {targetView.Watermark}, sampled {sampled}.");
        }

        await AdvanceAsync(MigrationState.Cutover, x => x with { SyncedTo = position });
    }

    /// <summary>Replays the feed from <paramref name="after"/> until a page is not full, or <paramref name="maxPages"/> pages were applied.</summary>
    private async Task<(long Position, ChangePage Last)> ReplayAsync(string source, string target, string tenant, long after, int maxPages, long? timeoutMs)
    {
        var pages = 0;
        ChangePage page;
        do
        {
            page = await cells.ChangesAsync(source, tenant, after, Scope, timeoutMs);
            if (HasWork(page, after))
            {
                await cells.ApplyAsync(target, tenant, page, Driver, Scope, timeoutMs);
            }

            after = page.Next;
        }
        while (page.HasMore && ++pages < maxPages);

        return (after, page);
    }

    private static bool HasWork(ChangePage page, long after) => page.Changes.Count > 0 || page.Next > after;
}
