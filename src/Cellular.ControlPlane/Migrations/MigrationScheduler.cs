using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Replicas;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;
using Cellular.Core.Api;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// Runs migrations. At start-up it resumes every migration a previous run left under way, from its
/// recorded step; then it starts Planned migrations oldest first while their source has fewer than
/// <see cref="MigrationOptions.MaxPerSourceCell"/> and their target fewer than
/// <see cref="MigrationOptions.MaxPerTargetCell"/> busy migrations (moving data or handing over;
/// soaking does not count), so an evacuation does not overload a cell. An interrupted run is
/// resumed after <see cref="MigrationOptions.RetryDelay"/>. It wakes when told (a migration was
/// planned, aborted or ended) and every <see cref="MigrationOptions.RetryDelay"/>.
/// </summary>
/// <remarks>
/// Replicas: every run first claims the lease <c>migration:{id}</c> (see <see cref="LeaseKeeper"/>)
/// and writes under it, so one replica at a time drives a migration and one that lost the lease
/// writes nothing more; any replica resumes a migration whose lease expired (its replica died),
/// looking at least every <see cref="LeaseOptions.Poll"/>. Starting Planned migrations within the
/// per-cell limits is a singleton (<see cref="LeaseNames.MigrationScheduler"/>): two replicas
/// counting busy cells at once could both start one. An abort or a hold sent to a replica that does
/// not drive the migration reaches the one that does through the store: the abort is recorded on
/// the migration and an interrupt request on its lease, which the driving run's heartbeat sees
/// (<see cref="HeldLease.Interrupted"/>) and stops as a local abort or hold would.
/// </remarks>
internal sealed partial class MigrationScheduler(
    IStoreDatabase database,
    MigrationStore migrationStore,
    MigrationTransitions transitions,
    MigrationWorkflow workflow,
    MigrationQueueSignal signal,
    IEnumerable<Experiments.ICellActivityGuard> guards,
    LeaseKeeper leases,
    IOptions<MigrationOptions> options,
    TimeProvider time,
    ILogger<MigrationScheduler> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActiveRun> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _resumeAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _holds = new(StringComparer.Ordinal);
    private readonly SingletonLease _pass = new(leases, LeaseNames.MigrationScheduler);
    private CancellationToken? _stopping;

    /// <summary>Makes the scheduler look at the queue now.</summary>
    public void Wake() => signal.Raise();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Task[] runs;
        lock (_gate)
        {
            runs = [.. _running.Values.Select(r => r.Task)];
        }

        try
        {
            await Task.WhenAll(runs).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting; the store has every migration's step for the next start.
        }

        await _pass.DisposeAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _stopping = stoppingToken;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = signal.Next;
            try
            {
                await ScheduleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.ScheduleFailed(logger, e);
            }

            try
            {
                var poll = leases.Options.Poll;
                await next.WaitAsync(options.Value.RetryDelay < poll ? options.Value.RetryDelay : poll, time, stoppingToken);
            }
            catch (TimeoutException)
            {
                // Time to look at migrations waiting to be resumed.
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            signal.Reset(next);
        }
    }

    /// <summary>A planned migration waits while a deployment or an experiment holds its source or target cell; reads in <paramref name="tx"/>.</summary>
    private async Task<bool> IsHeldByOtherWorkAsync(StoreTransaction tx, Migration planned) =>
        await guards.FindConflictAsync(tx, [planned.From, planned.To], MigrationActivityGuard.Name) is not null;

    /// <summary>
    /// One pass: resumes migrations under way that no run (of any replica) holds, then, when this
    /// replica holds the scheduler's lease, starts Planned ones that fit the per-cell limits.
    /// </summary>
    internal async Task ScheduleAsync(CancellationToken stoppingToken)
    {
        var unfinished = await database.ReadAsync(migrationStore.ListUnfinishedAsync, stoppingToken);
        var held = await leases.ListHeldAsync(LeaseNames.MigrationPrefix, stoppingToken);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var migration in unfinished.Where(m => m.State != MigrationState.Planned))
            {
                if (!_running.ContainsKey(migration.Id) && !_holds.ContainsKey(migration.Id) && !held.ContainsKey(LeaseNames.Migration(migration.Id))
                    && _resumeAt.GetValueOrDefault(migration.Id, now) <= now)
                {
                    Launch(migration.Id, stoppingToken);
                }
            }
        }

        if (await _pass.AcquireAsync(stoppingToken) is not { } pass)
        {
            // Another replica starts Planned migrations.
            return;
        }

        using (pass.Enter())
        {
            await StartPlannedAsync(unfinished, now, stoppingToken);
        }
    }

    /// <summary>Ends Planned migrations whose abort was requested and starts the others that fit the per-cell limits; the singleton's part of a pass.</summary>
    private async Task StartPlannedAsync(IReadOnlyList<Migration> unfinished, DateTimeOffset now, CancellationToken stoppingToken)
    {
        var settings = options.Value;

        foreach (var abandoned in unfinished.Where(m => m.State == MigrationState.Planned && m.AbortRequested))
        {
            // An abort of a migration that never started, interrupted before it was recorded as ended.
            await transitions.EndAsync(
                abandoned.Id,
                [MigrationState.Planned],
                m => MigrationReports.Enter(m with { Reason = "Aborted on request before it started." }, MigrationState.Aborted, now, TimeSpan.Zero),
                burnEpoch: false,
                new MigrationAudit(MigrationWorkflow.Actor, "migration.aborted", AuditDetail.Of(("tenant", abandoned.Tenant), ("from", nameof(MigrationState.Planned)))),
                stoppingToken);
        }

        var busyFrom = unfinished.Where(m => m.State.IsBusy()).CountBy(m => m.From).ToDictionary(StringComparer.Ordinal);
        var busyTo = unfinished.Where(m => m.State.IsBusy()).CountBy(m => m.To).ToDictionary(StringComparer.Ordinal);
        foreach (var planned in unfinished.Where(m => m.State == MigrationState.Planned && !m.AbortRequested))
        {
            if (busyFrom.GetValueOrDefault(planned.From) >= settings.MaxPerSourceCell || busyTo.GetValueOrDefault(planned.To) >= settings.MaxPerTargetCell)
            {
                continue;
            }

            lock (_gate)
            {
                if (_holds.ContainsKey(planned.Id))
                {
                    continue;
                }
            }

            // A first look keeps a held migration from taking the store's write lock on every pass;
            // the start checks again in its own transaction, so work that took a cell since is seen.
            if (await database.ReadAsync(tx => IsHeldByOtherWorkAsync(tx, planned), stoppingToken))
            {
                continue;
            }

            var started = await transitions.UpdateIfAsync(
                planned.Id,
                [MigrationState.Planned],
                async (tx, m) => !m.AbortRequested && !await IsHeldByOtherWorkAsync(tx, m),
                m => MigrationReports.Enter(m, MigrationState.Copying, time.GetUtcNow(), TimeSpan.Zero),
                null,
                stoppingToken);
            if (started is null)
            {
                continue;
            }

            busyFrom[started.From] = busyFrom.GetValueOrDefault(started.From) + 1;
            busyTo[started.To] = busyTo.GetValueOrDefault(started.To) + 1;
            Log.Started(logger, started.Id, started.Tenant, started.From, started.To);
            lock (_gate)
            {
                Launch(started.Id, stoppingToken);
            }
        }
    }

    /// <summary>Starts a run of <paramref name="id"/>; called with <see cref="_gate"/> held. The run does not inherit the caller's lease: it claims its own.</summary>
    private Task Launch(string id, CancellationToken stopping)
    {
        var run = new ActiveRun(new CancellationTokenSource());
        _running[id] = run;
        _resumeAt.Remove(id);
        using (ExecutionContext.SuppressFlow())
        {
            run.Task = Task.Run(() => RunAsync(id, run, stopping), CancellationToken.None);
        }

        return run.Task;
    }

    private async Task RunAsync(string id, ActiveRun run, CancellationToken stopping)
    {
        HeldLease? lease = null;
        try
        {
            lease = await leases.TryHoldAsync(LeaseNames.Migration(id), stopping);
            if (lease is null)
            {
                Log.HeldElsewhere(logger, id);
                return;
            }

            // Interrupted: another replica recorded an abort or wants to hold the migration (for a reverse); as run.Cancel here.
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(run.Cancel.Token, lease.Lost, lease.Interrupted);
            using (lease.Enter())
            {
                await workflow.RunAsync(id, stopping, cancel.Token);
            }
        }
        catch (Exception e) when (lease is { IsLost: true } || e is LeaseLostException)
        {
            // Another replica owns the migration now; this one wrote nothing after losing it.
            Log.LeaseLost(logger, lease?.LostException(e) ?? e, id);
            lock (_gate)
            {
                _resumeAt[id] = time.GetUtcNow() + options.Value.RetryDelay;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown: the next start resumes the migration from its recorded step.
        }
        catch (OperationCanceledException) when (run.Cancel.IsCancellationRequested || lease is { Interrupted.IsCancellationRequested: true })
        {
            // Stopped on purpose (a hold for a reverse, here or on another replica): resumed as soon as nothing holds it.
        }
        catch (Exception e)
        {
            var delay = options.Value.RetryDelay;
            Log.Interrupted(logger, e, id, (long)delay.TotalMilliseconds);
            lock (_gate)
            {
                _resumeAt[id] = time.GetUtcNow() + delay;
            }
        }
        finally
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            lock (_gate)
            {
                _running.Remove(id);
            }

            Wake();
        }
    }

    /// <summary>A run in progress and the way to stop it.</summary>
    private sealed class ActiveRun(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
