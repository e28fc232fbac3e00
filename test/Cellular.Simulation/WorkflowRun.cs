using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>
/// One run of one migration by one replica under one lease token: the control plane's
/// <c>MigrationWorkflow</c>, step for step (Copying → CatchingUp → Verifying → Cutover → Switched →
/// Soak → Complete, rollback with epoch burn before the switch, idempotent steps after it), with
/// the same cell calls and the same store transactions, each of which is now fenced by the lease.
/// The run stops (a later run resumes from the store) on a refused lease, a store that does not
/// answer, a step no longer recorded, or a failed cell call after the switch.
/// </summary>
internal sealed partial class WorkflowRun(string id, LeaseGuard guard, StoreClient store, CellClient cells, SimDelay delay, CheckpointDrill drill, SimNode replica, SimScheduler scheduler, SimulationSettings settings, ProtocolVariant protocol)
{
    private MigrationRow _migration = null!;
    private bool _handedOver;
    private bool _journaled;
    private bool _tookOver;

    public string Id { get; } = id;

    public LeaseGuard Guard { get; } = guard;

    /// <summary>Cancelled when the replica's heartbeat finds the lease lost.</summary>
    public CancellationScope Scope { get; } = new();

    public bool Stopped { get; set; }

    private long Now => scheduler.Now;

    public async Task RunAsync()
    {
        var migration = await store.Read($"get {Id}", db => db.Migration(Id)) ?? throw new StaleStepException($"Migration {Id} is gone.");
        if (migration.State == MigrationState.Planned)
        {
            // The scheduler's start: Planned → Copying, fenced like every write of the workflow.
            migration = await store.UpdateAsync(Guard, Id, [MigrationState.Planned], "start", m => m with { State = MigrationState.Copying })
                ?? throw new StaleStepException($"Migration {Id} was no longer Planned.");
        }

        _migration = migration;
        Trace($"runs {Id} ({_migration.State}) with token {Guard.Token}");

        while (!_migration.State.IsTerminal())
        {
            _migration = _migration.State.IsSwitched() ? await AfterSwitchAsync() : await BeforeSwitchAsync();
        }

        Trace($"{Id} ended {_migration.State}");
    }

    private async Task<MigrationRow> BeforeSwitchAsync()
    {
        try
        {
            if (protocol == ProtocolVariant.FencedCells && !_tookOver && _migration.State is MigrationState.CatchingUp or MigrationState.Verifying)
            {
                // Take the move's fenced copy over: from now on the target refuses the calls of older drivers.
                // (Copying fences it anyway; a resumed Cutover rolls back, and its unfence carries the token.)
                await cells.FenceAsync(_migration.To, _migration.Tenant, Driver, Scope);
                _tookOver = true;
            }

            return _migration.State switch
            {
                MigrationState.Copying => await CopyAsync(),
                MigrationState.CatchingUp => await CatchUpAsync(),
                MigrationState.Verifying => await VerifyAndCutOverAsync(),
                MigrationState.Cutover => throw new MigrationAbortException("The control plane stopped during the cutover, before the switch was journaled; the source may be fenced, so the move is rolled back."),
                _ => throw new InvalidOperationException($"Migration {Id} is {_migration.State}."),
            };
        }
        catch (MigrationAbortException e)
        {
            return await RollBackAsync(MigrationState.Aborted, e.Message);
        }
        catch (CellCallFailedException e)
        {
            return await RollBackAsync(MigrationState.Aborted, e.Message);
        }
        catch (MigrationPreconditionException e)
        {
            return await RollBackAsync(MigrationState.Failed, e.Message);
        }
        catch (OperationCanceledException) when (Scope.IsCancelled)
        {
            var current = await store.Read($"get {Id}", db => db.Migration(Id)) ?? _migration;
            if (current.State == MigrationState.Cutover)
            {
                // The source may be fenced: leaving it so would keep the tenant down.
                return await RollBackAsync(MigrationState.Aborted, "The run was cancelled during the cutover, before the switch was journaled.");
            }

            throw;
        }
    }

    private async Task<MigrationRow> AfterSwitchAsync()
    {
        try
        {
            return _migration.State switch
            {
                MigrationState.Switched => await HandOverAsync(),
                MigrationState.Soak => await SoakAsync(),
                _ => _migration,
            };
        }
        catch (CellCallFailedException e)
        {
            var state = _migration.State;
            await store.UpdateAsync(Guard, Id, [state], "record the error of", m => m with { Reason = e.Message });
            throw;
        }
    }

    /// <summary>Commits the next step; the current one must still be recorded.</summary>
    private async Task<MigrationRow> AdvanceAsync(MigrationState next, Func<MigrationRow, MigrationRow> change)
    {
        var from = _migration.State;
        var updated = await store.UpdateAsync(Guard, Id, [from], $"advance to {next}", m => change(m) with { State = next })
            ?? throw new StaleStepException($"Migration {Id} is no longer {from}; it is resumed from its recorded step.");
        _migration = updated;
        Trace($"{Id} entered {next}");
        return updated;
    }

    private async Task CheckPlanAsync()
    {
        var tenant = await store.Read($"get tenant {_migration.Tenant}", db => db.Tenant(_migration.Tenant))
            ?? throw new MigrationPreconditionException($"Tenant '{_migration.Tenant}' no longer exists.");
        if (tenant.Cell != _migration.From || tenant.Epoch != _migration.FromEpoch)
        {
            throw new MigrationPreconditionException(
                $"Tenant '{_migration.Tenant}' is in cell '{tenant.Cell}' at epoch {tenant.Epoch} now, not in '{_migration.From}' at epoch {_migration.FromEpoch} as planned.");
        }
    }

    /// <summary>What this run's cell calls carry: the move's epoch and the run's lease token.</summary>
    private MoveDriver Driver => new(_migration.Epoch, Guard.Token);

    /// <summary>
    /// A checkpoint: the crash drill may pause or kill the replica here, then (LeaseCheckpoint in the
    /// control plane) the run reads its lease and stops with <see cref="LeaseLostException"/> when it
    /// is no longer held — before its next cell call, but not atomically with it.
    /// </summary>
    private async Task Checkpoint(string name)
    {
        await drill.ReachAsync(replica, name);
        if (!await store.Read($"is {Id} still held (token {Guard.Token})", db => db.Holds(Guard)))
        {
            throw new LeaseLostException($"The lease of {Id} (token {Guard.Token}) is no longer held; the run stops at {name}.");
        }
    }

    private void Trace(string line)
    {
        if (scheduler.Trace.IsEnabled)
        {
            scheduler.Trace.Add(Now, $"{replica}: {line}");
        }
    }
}
