using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Telemetry;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// Drives one live tenant migration through the cell contract, from whatever step the store
/// records to its end. Each step is committed before its side effects start, and each step's
/// side effects are idempotent, so a run that dies anywhere is resumed by the next one: before
/// the switch by redoing the step (or, in the cutover, by rolling back), after it by finishing.
/// </summary>
internal sealed partial class MigrationWorkflow(
    IStoreDatabase database,
    CellStore cellStore,
    TableVersionStore versionStore,
    ICellularStore store,
    CellTenantClient cells,
    RoutingTablePublisher publisher,
    IEnumerable<IMigrationCheckpoint> checkpoints,
    MigrationQueueSignal queue,
    IOptions<MigrationOptions> options,
    TimeProvider time,
    ILogger<MigrationWorkflow> logger)
{
    /// <summary>The actor of what the workflow does on its own (switch, rollback, completion).</summary>
    public const string Actor = "migration-runner";

    private const string AbortRequestedReason = "An operator asked to abort the migration before its switch.";

    /// <summary>
    /// Runs migration <paramref name="id"/> until it is Complete, Aborted or Failed and returns it.
    /// Throws when the run is interrupted (shutdown, a failed step after the switch, a store error);
    /// the migration then stays at its recorded step and is resumed from there.
    /// </summary>
    /// <param name="id">The migration.</param>
    /// <param name="stopping">Cancelled when the control plane stops.</param>
    /// <param name="cancel">Cancelled to stop this run: an abort request (recorded in the store first) or a hold for a reverse.</param>
    public async Task<Migration> RunAsync(string id, CancellationToken stopping, CancellationToken cancel)
    {
        var migration = await store.GetMigrationAsync(id, stopping) ?? throw MigrationErrors.NotFound(id);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["migration"] = migration.Id,
            ["tenant"] = migration.Tenant,
            ["source"] = migration.From,
            ["target"] = migration.To,
        });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancel);
        var run = new MigrationRun(migration, stopping, linked.Token, time.GetTimestamp());
        using var span = ControlPlaneTracing.Migration(run);
        while (!run.Migration.State.IsTerminal())
        {
            using var phase = ControlPlaneTracing.MigrationPhase(run);
            run.Migration = run.Migration.State.IsSwitched()
                ? await AfterSwitchAsync(run)
                : await BeforeSwitchAsync(run);
        }

        return run.Migration;
    }

    /// <summary>One step before the switch; anything that goes wrong in it rolls the migration back.</summary>
    private async Task<Migration> BeforeSwitchAsync(MigrationRun run)
    {
        try
        {
            if (run.Migration.AbortRequested)
            {
                throw new MigrationAbortException(AbortRequestedReason);
            }

            return run.Migration.State switch
            {
                MigrationState.Copying => await CopyAsync(run),
                MigrationState.CatchingUp => await CatchUpAsync(run),
                MigrationState.Verifying => await VerifyAndCutOverAsync(run),
                MigrationState.Cutover => throw new MigrationAbortException(
                    "The control plane stopped during the cutover, before the switch was journaled; the source may be fenced, so the move is rolled back."),
                _ => throw new InvalidOperationException($"Migration {run.Migration.Id} is {run.Migration.State}; the scheduler starts Planned migrations."),
            };
        }
        catch (MigrationAbortException e)
        {
            return await RollBackAsync(run, MigrationState.Aborted, e.Message);
        }
        catch (CellTenantCallException e)
        {
            return await RollBackAsync(run, MigrationState.Aborted, e.Message);
        }
        catch (MigrationPreconditionException e)
        {
            return await RollBackAsync(run, MigrationState.Failed, e.Message);
        }
        catch (OperationCanceledException) when (run.Token.IsCancellationRequested)
        {
            var current = await store.GetMigrationAsync(run.Migration.Id, CancellationToken.None) ?? run.Migration;
            if (current.AbortRequested)
            {
                run.Migration = current;
                return await RollBackAsync(run, MigrationState.Aborted, AbortRequestedReason);
            }

            if (current.State == MigrationState.Cutover)
            {
                // The source may be fenced: leaving it so until the next start would keep the tenant down.
                return await RollBackAsync(run, MigrationState.Aborted, "The control plane stopped during the cutover, before the switch was journaled.");
            }

            throw;
        }
    }

    /// <summary>One step after the switch; a failed cell call is recorded and the step retried later, never rolled back.</summary>
    private async Task<Migration> AfterSwitchAsync(MigrationRun run)
    {
        try
        {
            return run.Migration.State switch
            {
                MigrationState.Switched => await HandOverAsync(run),
                MigrationState.Soak => await SoakAsync(run),
                _ => run.Migration,
            };
        }
        catch (CellTenantCallException e)
        {
            Log.StepFailedAfterSwitch(logger, run.Migration.Id, run.Migration.Tenant, run.Migration.State, e.Message);
            var state = run.Migration.State;
            await store.UpdateMigrationAsync(run.Migration.Id, [state], m => m with { LastError = e.Message }, null, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Commits the next step (the current one must still be recorded) and starts measuring it.
    /// Before the switch, an abort requested meanwhile stops the migration here.
    /// </summary>
    private async Task<Migration> AdvanceAsync(MigrationRun run, MigrationState next, Func<Migration, Migration> change)
    {
        var now = time.GetUtcNow();
        var elapsed = time.GetElapsedTime(run.PhaseStartedAt);
        var from = run.Migration.State;
        var updated = await store.UpdateMigrationAsync(run.Migration.Id, [from], m => MigrationReports.Enter(change(m), next, now, elapsed), null, CancellationToken.None)
            ?? throw new InvalidOperationException($"Migration {run.Migration.Id} is no longer {from}; it is resumed from its recorded step.");
        run.Migration = updated;
        run.PhaseStartedAt = time.GetTimestamp();
        Log.Entered(logger, updated.Id, updated.Tenant, updated.From, updated.To, next);
        if (from.IsBusy() && !next.IsBusy())
        {
            // The migration frees its cells' slots: the next queued move may start.
            queue.Raise();
        }

        if (updated.AbortRequested && !next.IsSwitched() && !next.IsTerminal())
        {
            throw new MigrationAbortException(AbortRequestedReason);
        }

        return updated;
    }

    /// <summary>The endpoints of the source and target cells, and checks that the plan still holds.</summary>
    private async Task<(string Source, string Target)> CheckPlanAsync(Migration migration, CancellationToken cancellationToken)
    {
        var tenant = await store.GetTenantAsync(migration.Tenant, cancellationToken)
            ?? throw new MigrationPreconditionException($"Tenant '{migration.Tenant}' no longer exists.");
        if (tenant.Tenant.Cell != migration.From || tenant.Tenant.Epoch != migration.FromEpoch)
        {
            throw new MigrationPreconditionException(
                $"Tenant '{migration.Tenant}' is in cell '{tenant.Tenant.Cell}' at epoch {tenant.Tenant.Epoch} now, not in '{migration.From}' at epoch {migration.FromEpoch} as planned.");
        }

        var target = await database.ReadAsync(tx => cellStore.GetAsync(tx, migration.To), cancellationToken);
        var targetState = target?.Cell.State;
        if (targetState is not CellState.Active && !(targetState == CellState.Draining && migration.ReverseOf is not null))
        {
            throw new MigrationPreconditionException(
                $"The target cell '{migration.To}' is {targetState?.ToString() ?? "gone"}; a tenant is only moved into an Active cell.");
        }

        return await EndpointsAsync(migration, cancellationToken);
    }

    private async Task<(string Source, string Target)> EndpointsAsync(Migration migration, CancellationToken cancellationToken)
    {
        var source = (await database.ReadAsync(tx => cellStore.GetAsync(tx, migration.From), cancellationToken))?.Cell.Endpoint
            ?? throw new MigrationPreconditionException($"The source cell '{migration.From}' has no endpoint.");
        var target = (await database.ReadAsync(tx => cellStore.GetAsync(tx, migration.To), cancellationToken))?.Cell.Endpoint
            ?? throw new MigrationPreconditionException($"The target cell '{migration.To}' has no endpoint.");
        return (source, target);
    }

    private async Task CheckpointAsync(MigrationRun run, string checkpoint, CancellationToken cancellationToken)
    {
        foreach (var observer in checkpoints)
        {
            await observer.ReachedAsync(run.Migration, checkpoint, cancellationToken);
        }
    }

    /// <summary>
    /// Replays the source's change feed on the target from <paramref name="after"/> until a page is
    /// not full (the feed is read up to the high-water mark of that moment), or
    /// <paramref name="maxPages"/> pages were applied.
    /// </summary>
    private async Task<(long Position, long Changes, long Bytes, ChangePageRead Last)> ReplayAsync(
        string source,
        string target,
        string tenant,
        long after,
        int maxPages,
        CancellationToken cancellationToken)
    {
        long changes = 0, bytes = 0;
        var pages = 0;
        ChangePageRead read;
        do
        {
            read = await cells.GetChangesAsync(source, tenant, after, options.Value.ChangePageSize, cancellationToken);
            if (HasWork(read.Page, after))
            {
                await cells.ApplyChangesAsync(target, tenant, read.Body, cancellationToken);
            }

            changes += read.Page.Changes.Count;
            bytes += read.Body.Length;
            after = read.Page.Next;
        }
        while (read.Page.HasMore && ++pages < maxPages);

        return (after, changes, bytes, read);
    }

    /// <summary>True when a change page moves the target: it has changes, or it advances the sequence.</summary>
    private static bool HasWork(TenantChangePage page, long after) => page.Changes.Count > 0 || page.Next > after;
}
