using Cellular.ControlPlane.Store;
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
internal sealed partial class MigrationScheduler(
    ICellularStore store,
    MigrationWorkflow workflow,
    IOptions<MigrationOptions> options,
    TimeProvider time,
    ILogger<MigrationScheduler> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ActiveRun> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _resumeAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _holds = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = NewSignal();
    private CancellationToken? _stopping;

    /// <summary>Makes the scheduler look at the queue now.</summary>
    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Stops the run of <paramref name="id"/> (after an abort was recorded, it rolls back) and resumes the migration at once.</summary>
    public async Task InterruptAsync(string id)
    {
        CancellationTokenSource? cancel;
        lock (_gate)
        {
            cancel = _running.TryGetValue(id, out var run) ? run.Cancel : null;
            _resumeAt.Remove(id);
        }

        if (cancel is not null)
        {
            await cancel.CancelAsync();
        }

        Wake();
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for <paramref name="id"/>'s current run to end, first
    /// starting one if none runs (a migration waiting to be resumed is resumed now).
    /// </summary>
    public async Task RunNowAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task? task;
        lock (_gate)
        {
            task = _running.TryGetValue(id, out var run) ? run.Task
                : _stopping is { } stopping && !_holds.ContainsKey(id) ? Launch(id, stopping)
                : null;
        }

        if (task is null)
        {
            return;
        }

        try
        {
            await task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still running; the caller shows the migration as it is now.
        }
    }

    /// <summary>
    /// Stops the run of <paramref name="id"/> and keeps it from being resumed until the returned
    /// hold is disposed, so a reverse can end the migration without it running concurrently.
    /// </summary>
    public async Task<IDisposable> HoldAsync(string id, CancellationToken cancellationToken)
    {
        ActiveRun? running;
        lock (_gate)
        {
            _holds[id] = _holds.GetValueOrDefault(id) + 1;
            running = _running.GetValueOrDefault(id);
        }

        var hold = new Hold(this, id);
        if (running is not null)
        {
            try
            {
                await running.Cancel.CancelAsync();
                await running.Task.WaitAsync(cancellationToken);
            }
            catch
            {
                hold.Dispose();
                throw;
            }
        }

        return hold;
    }

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
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            _stopping = stoppingToken;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var signal = Volatile.Read(ref _wake);
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
                await signal.Task.WaitAsync(options.Value.RetryDelay, time, stoppingToken);
            }
            catch (TimeoutException)
            {
                // Time to look at migrations waiting to be resumed.
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            Interlocked.CompareExchange(ref _wake, NewSignal(), signal);
        }
    }

    /// <summary>One pass: resumes migrations under way that no run holds, then starts Planned ones that fit the per-cell limits.</summary>
    internal async Task ScheduleAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var unfinished = await store.ListUnfinishedMigrationsAsync(stoppingToken);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var migration in unfinished.Where(m => m.State != MigrationState.Planned))
            {
                if (!_running.ContainsKey(migration.Id) && !_holds.ContainsKey(migration.Id) && _resumeAt.GetValueOrDefault(migration.Id, now) <= now)
                {
                    Launch(migration.Id, stoppingToken);
                }
            }
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

            var started = await store.UpdateMigrationAsync(
                planned.Id,
                [MigrationState.Planned],
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

    /// <summary>Starts a run of <paramref name="id"/>; called with <see cref="_gate"/> held.</summary>
    private Task Launch(string id, CancellationToken stopping)
    {
        var run = new ActiveRun(new CancellationTokenSource());
        _running[id] = run;
        _resumeAt.Remove(id);
        run.Task = Task.Run(() => RunAsync(id, run, stopping), CancellationToken.None);
        return run.Task;
    }

    private async Task RunAsync(string id, ActiveRun run, CancellationToken stopping)
    {
        try
        {
            await workflow.RunAsync(id, stopping, run.Cancel.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown: the next start resumes the migration from its recorded step.
        }
        catch (OperationCanceledException) when (run.Cancel.IsCancellationRequested)
        {
            // Stopped on purpose (a hold for a reverse): resumed as soon as nothing holds it.
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
            lock (_gate)
            {
                _running.Remove(id);
            }

            Wake();
        }
    }

    private void Release(string id)
    {
        lock (_gate)
        {
            var left = _holds.GetValueOrDefault(id) - 1;
            if (left > 0)
            {
                _holds[id] = left;
            }
            else
            {
                _holds.Remove(id);
            }

            _resumeAt.Remove(id);
        }

        Wake();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A run in progress and the way to stop it.</summary>
    private sealed class ActiveRun(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        public Task Task { get; set; } = Task.CompletedTask;
    }

    /// <summary>Lets the held migration be resumed again when disposed.</summary>
    private sealed class Hold(MigrationScheduler scheduler, string id) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                scheduler.Release(id);
            }
        }
    }
}
