using System.Globalization;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>The steps while the source still serves: copy the snapshot, replay the change feed, verify.</summary>
internal sealed partial class MigrationWorkflow
{
    /// <summary>
    /// Fences the target at the new epoch (import needs it, and it keeps the target from serving a
    /// half copy), then streams the source's export into the target's import. Redone whole on resume.
    /// </summary>
    private async Task<Migration> CopyAsync(MigrationRun run)
    {
        var migration = run.Migration;
        await CheckpointAsync(run, MigrationCheckpoints.CopyingStarted, run.Token);
        var (source, target) = await CheckPlanAsync(migration, run.Token);
        await cells.FenceAsync(target, migration.Tenant, migration.Epoch, options.Value.RequestTimeout, run.Token);
        await CheckpointAsync(run, MigrationCheckpoints.TargetFenced, run.Token);

        // Every change after the source's watermark read before the export is replayed, so the
        // copy misses nothing whatever watermark the export itself was taken at.
        var before = await cells.GetAsync(source, migration.Tenant, run.Token);
        var copy = await cells.CopySnapshotAsync(source, target, migration.Tenant, run.Token);
        await CheckpointAsync(run, MigrationCheckpoints.Imported, run.Token);
        Log.Copied(logger, migration.Id, migration.Tenant, migration.From, migration.To, copy.Target.Rows, copy.Bytes, (long)time.GetElapsedTime(run.PhaseStartedAt).TotalMilliseconds);
        return await AdvanceAsync(run, MigrationState.CatchingUp, m => m with
        {
            Report = m.Report with
            {
                SnapshotWatermark = copy.Target.Watermark,
                SyncedTo = before.Watermark,
                RowsCopied = copy.Target.Rows,
                BytesCopied = copy.Bytes,
                ChangesCopied = 0,
                CatchUpRounds = 0,
            },
        });
    }

    /// <summary>
    /// Replays the source's change feed on the target page by page until it is at most
    /// <see cref="MigrationOptions.CatchUpMaxLag"/> changes behind, or
    /// <see cref="MigrationOptions.CatchUpMaxRounds"/> pages were replayed. A tenant that is still
    /// further behind then writes faster than it is copied and is not fenced: the move is rolled back.
    /// </summary>
    private async Task<Migration> CatchUpAsync(MigrationRun run)
    {
        var migration = run.Migration;
        var settings = options.Value;
        var (source, target) = await EndpointsAsync(migration, run.Token);
        var position = migration.Report.SyncedTo;
        var rounds = 0;
        long changes = 0, bytes = 0, lag;
        while (true)
        {
            var read = await cells.GetChangesAsync(source, migration.Tenant, position, settings.ChangePageSize, run.Token);
            if (HasWork(read.Page, position))
            {
                await cells.ApplyChangesAsync(target, migration.Tenant, read.Body, run.Token);
            }

            rounds++;
            changes += read.Page.Changes.Count;
            bytes += read.Body.Length;
            position = read.Page.Next;
            lag = Math.Max(0, read.Page.HighWater - read.Page.Next);
            await CheckpointAsync(run, MigrationCheckpoints.CatchUpPage, run.Token);
            if (lag <= settings.CatchUpMaxLag || rounds >= settings.CatchUpMaxRounds)
            {
                break;
            }
        }

        Log.CaughtUp(logger, migration.Id, migration.Tenant, rounds, changes, lag);
        if (lag > settings.CatchUpMaxLag)
        {
            throw new MigrationAbortException(string.Create(
                CultureInfo.InvariantCulture,
                $"Tenant '{migration.Tenant}' writes faster than it is copied: after {rounds} change pages the target is still {lag} changes behind (at most {settings.CatchUpMaxLag} may be left for the cutover). Move it when it is quieter, or raise {MigrationOptions.SectionName}:CatchUpMaxRounds."));
        }

        return await AdvanceAsync(run, MigrationState.Verifying, m => m with
        {
            Report = m.Report with
            {
                SyncedTo = position,
                ChangesCopied = m.Report.ChangesCopied + changes,
                BytesCopied = m.Report.BytesCopied + bytes,
                CatchUpRounds = m.Report.CatchUpRounds + rounds,
                CatchUpLag = lag,
            },
        });
    }

    /// <summary>Verifies the copy while the source still serves, then runs the cutover in the same run.</summary>
    private async Task<Migration> VerifyAndCutOverAsync(MigrationRun run)
    {
        await VerifyAsync(run);
        return await CutOverAsync(run);
    }

    /// <summary>
    /// A cheap pre-check before anything is fenced: the target replays the feed up to the source's
    /// current high-water mark; when the source took no write while its hash was read, both hashes
    /// must be equal (a quiet point); otherwise the target must have reached the sampled high-water
    /// mark, and the hashes are compared under the fence. A failed check rolls back, unfenced.
    /// </summary>
    private async Task VerifyAsync(MigrationRun run)
    {
        var migration = run.Migration;
        await CheckpointAsync(run, MigrationCheckpoints.VerifyingStarted, run.Token);
        var (source, target) = await EndpointsAsync(migration, run.Token);
        var (position, changes, bytes, last) = await ReplayAsync(source, target, migration.Tenant, migration.Report.SyncedTo, options.Value.CatchUpMaxRounds, run.Token);

        var sourceHash = await cells.HashAsync(source, migration.Tenant, run.Token);
        var sourceAfter = await cells.GetAsync(source, migration.Tenant, run.Token);
        var targetHash = await cells.HashAsync(target, migration.Tenant, run.Token);
        var targetView = await cells.GetAsync(target, migration.Tenant, run.Token);
        var verification = Compare(last.Page, sourceHash, sourceAfter, targetHash, targetView);
        Log.Verified(logger, migration.Id, migration.Tenant, verification.Passed, verification.Detail);

        Func<Migration, Migration> record = m => m with
        {
            Report = m.Report with
            {
                SyncedTo = position,
                ChangesCopied = m.Report.ChangesCopied + changes,
                BytesCopied = m.Report.BytesCopied + bytes,
                Verification = verification,
            },
        };
        if (!verification.Passed)
        {
            run.Migration = await transitions.UpdateAsync(migration.Id, [MigrationState.Verifying], record, null, CancellationToken.None) ?? run.Migration;
            throw new MigrationAbortException($"Verification failed: {verification.Detail}");
        }

        await AdvanceAsync(run, MigrationState.Cutover, record);
    }

    private static MigrationVerification Compare(TenantChangePage last, TenantHash sourceHash, CellTenantView sourceAfter, TenantHash targetHash, CellTenantView target)
    {
        var sampled = last.Next;
        if (!last.HasMore && sourceAfter.Watermark == sampled)
        {
            var equal = sourceHash.Value == targetHash.Value && sourceHash.Rows == targetHash.Rows;
            var detail = equal
                ? string.Create(CultureInfo.InvariantCulture, $"The source was quiet at watermark {sampled}; both cells hold {sourceHash.Rows} rows with equal {sourceHash.Algorithm} hashes.")
                : string.Create(CultureInfo.InvariantCulture, $"The source was quiet at watermark {sampled}, yet the copies differ: source {sourceHash.Rows} rows ({sourceHash.Value}), target {targetHash.Rows} rows ({targetHash.Value}).");
            return new MigrationVerification(equal, true, sampled, target.Watermark, sourceHash.Rows, targetHash.Rows, sourceHash.Value, targetHash.Value, detail);
        }

        var reached = target.Watermark >= sampled;
        var busy = reached
            ? string.Create(CultureInfo.InvariantCulture, $"The source took writes while it was sampled (watermark {sampled} → {sourceAfter.Watermark}); the target reached the sampled high-water mark {sampled}, and the hashes are compared under the fence.")
            : string.Create(CultureInfo.InvariantCulture, $"The target's watermark {target.Watermark} is below the source's sampled high-water mark {sampled} after replaying the feed.");
        return new MigrationVerification(reached, false, sampled, target.Watermark, sourceAfter.Rows, target.Rows, sourceHash.Value, targetHash.Value, busy);
    }
}
