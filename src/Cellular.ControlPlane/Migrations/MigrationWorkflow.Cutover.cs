using System.Globalization;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>The cutover: the only time the tenant's writes pause, bounded by <see cref="MigrationOptions.CutoverBudget"/>.</summary>
internal sealed partial class MigrationWorkflow
{
    /// <summary>
    /// Fences the source (it refuses new writes with 421 and answers once its in-flight writes
    /// drained, with the high-water mark they reached), copies the changes up to that mark, compares
    /// both hashes and journals the switch — all within the budget, or the move is rolled back and
    /// the source serves again. The journal is the point of no return.
    /// </summary>
    private async Task<Migration> CutOverAsync(MigrationRun run)
    {
        var migration = run.Migration;
        var budget = options.Value.CutoverBudget;
        var (source, target) = await EndpointsAsync(migration, run.Token);
        await CheckpointAsync(run, MigrationCheckpoints.CutoverStarted, run.Token);

        // One more pass while the source still serves, so the fenced final sync has little left to copy.
        var (position, changes, bytes, _) = await ReplayAsync(source, target, migration.Tenant, migration.Report.SyncedTo, options.Value.CatchUpMaxRounds, run.Token);
        using var deadline = new CancellationTokenSource(budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Token, deadline.Token);
        var fencedAt = time.GetTimestamp();
        run.FenceRequestedAt = fencedAt;
        try
        {
            var fence = await cells.FenceAsync(source, migration.Tenant, migration.Epoch, budget - time.GetElapsedTime(fencedAt), linked.Token);
            run.Cutover = new MigrationCutover((long)budget.TotalMilliseconds, fence.Position, fence.DrainMilliseconds, 0, 0, null, null, 0, null);
            await CheckpointAsync(run, MigrationCheckpoints.SourceFenced, linked.Token);

            var final = await ReplayAsync(source, target, migration.Tenant, position, int.MaxValue, linked.Token);
            position = final.Position;
            changes += final.Changes;
            bytes += final.Bytes;
            run.Cutover = run.Cutover with { FinalSyncChanges = final.Changes, FinalSyncBytes = final.Bytes };
            if (position < fence.Position)
            {
                throw new MigrationAbortException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The source's change feed ended at {position}, below its fence position {fence.Position}: the copy would miss acknowledged writes."));
            }

            await CheckpointAsync(run, MigrationCheckpoints.Synced, linked.Token);
            var hashes = await Task.WhenAll(cells.HashAsync(source, migration.Tenant, linked.Token), cells.HashAsync(target, migration.Tenant, linked.Token));
            run.Cutover = run.Cutover with { SourceHash = hashes[0].Value, TargetHash = hashes[1].Value, Rows = hashes[0].Rows };
            if (hashes[0].Value != hashes[1].Value || hashes[0].Rows != hashes[1].Rows)
            {
                throw new MigrationAbortException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"After the final sync the copies differ: source {hashes[0].Rows} rows ({hashes[0].Value}), target {hashes[1].Rows} rows ({hashes[1].Value}); the tenant stays on the source."));
            }

            if (time.GetElapsedTime(fencedAt) > budget)
            {
                throw new MigrationAbortException(OverBudget(budget));
            }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !run.Token.IsCancellationRequested)
        {
            throw new MigrationAbortException(OverBudget(budget), e);
        }
        catch (CellTenantCallException e) when (deadline.IsCancellationRequested)
        {
            throw new MigrationAbortException(OverBudget(budget), e);
        }

        return await JournalAsync(run, position, changes, bytes);
    }

    /// <summary>Commits the switch: tenant → target at the new epoch, migration Switched, table version bumped, in one transaction.</summary>
    private async Task<Migration> JournalAsync(MigrationRun run, long position, long changes, long bytes)
    {
        var cutover = run.Cutover!;
        var now = time.GetUtcNow();
        var elapsed = time.GetElapsedTime(run.PhaseStartedAt);
        Committed<Migration> switched;
        try
        {
            switched = await transitions.SwitchAsync(
                run.Migration.Id,
                m => MigrationReports.Enter(
                    m with
                    {
                        Report = m.Report with
                        {
                            SyncedTo = position,
                            ChangesCopied = m.Report.ChangesCopied + changes,
                            BytesCopied = m.Report.BytesCopied + bytes,
                            Cutover = cutover with { FenceToJournalMs = (long)time.GetElapsedTime(run.FenceRequestedAt!.Value).TotalMilliseconds },
                        },
                    },
                    MigrationState.Switched,
                    now,
                    elapsed),
                Actor,
                CancellationToken.None);
        }
        catch (ControlPlaneException e)
        {
            throw new MigrationAbortException($"The switch was refused: {e.Message}", e);
        }

        run.FenceToJournalMs = (long)time.GetElapsedTime(run.FenceRequestedAt!.Value).TotalMilliseconds;
        run.JournalVersion = switched.Version;
        run.PhaseStartedAt = time.GetTimestamp();
        var migration = switched.Value;
        Log.Switched(logger, migration.Id, migration.Tenant, migration.From, migration.To, migration.Epoch, switched.Version, run.FenceToJournalMs.Value);
        return migration;
    }

    private static string OverBudget(TimeSpan budget) => string.Create(
        CultureInfo.InvariantCulture,
        $"The cutover did not finish within its budget of {budget.TotalMilliseconds:0} ms; the source serves the tenant again. Raise {MigrationOptions.SectionName}:CutoverBudget or move the tenant when it is quieter.");
}
