using System.Collections.Concurrent;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// Runs chaos experiments: injects the fault, watches the routers' statistics every
/// <see cref="ExperimentOptions.CheckInterval"/> for a cell outside the targets that degrades,
/// ends the experiment (clearing its faults) when its time is up or a stop condition fires, and
/// builds the blast-radius report once the after-window has passed. All its state is in the
/// store, so it survives restarts: at start-up every experiment left running is aborted and its
/// faults cleared — and the faults expire in the cells on their own anyway.
/// </summary>
/// <remarks>
/// Replicas: the replica that starts an experiment watches it under the lease
/// <c>experiment:{id}</c> (see <c>ExperimentRunner.Leases.cs</c>); an experiment whose lease
/// expired (its replica died) is aborted and its faults cleared by another replica, and a due
/// report is built by one replica at a time.
/// </remarks>
internal sealed partial class ExperimentRunner(
    IStoreDatabase database,
    CellStore cellStore,
    TableVersionStore versionStore,
    ICellularStore store,
    RouterStatsClient stats,
    CellFaultClient faults,
    IOptions<ExperimentOptions> options,
    Replicas.LeaseKeeper leases,
    TimeProvider time,
    ILogger<ExperimentRunner> logger) : BackgroundService
{
    private static readonly ExperimentState[] ActiveStates = [ExperimentState.Pending, ExperimentState.Running];

    /// <summary>Checks in a row without router statistics, per running experiment.</summary>
    private readonly ConcurrentDictionary<string, int> _missedChecks = new(StringComparer.Ordinal);

    /// <summary>One tick at a time, so a report or an ending is never worked on twice.</summary>
    private readonly SemaphoreSlim _tickLock = new(1, 1);

    /// <summary>The shutdown work, shared by every <see cref="StopAsync"/> call.</summary>
    private Lazy<Task>? _shutdown;

    /// <summary>Aborts what a previous run of the control plane left running before the API accepts new experiments.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var orphan in await ListOrphansAsync(cancellationToken))
        {
            Log.Orphaned(logger, orphan.Id, orphan.State);
            await AbortOrphanAsync(orphan.Id, "The control plane restarted while the experiment ran; its faults were cleared.", cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Stops watching and clears the faults of experiments still running: nobody would watch them.
    /// A second call (hosts may stop twice) waits for the first one's work instead of racing it.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var abort = new Lazy<Task>(() => AbortRunningAsync(cancellationToken));
        await (Interlocked.CompareExchange(ref _shutdown, abort, null) ?? abort).Value;
    }

    private async Task AbortRunningAsync(CancellationToken cancellationToken)
    {
        foreach (var running in (await store.ListUnfinishedExperimentsAsync(cancellationToken)).Where(e => e.IsActive && IsWatchedHere(e.Id)))
        {
            await WatchedAsync(running.Id, () => EndAsync(running.Id, ExperimentState.Aborted, "The control plane stopped while the experiment ran; its faults were cleared.", Actor.ControlPlane, cancellationToken));
        }

        await ReleaseAllAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.TickFailed(logger, e);
            }
        }
    }

    /// <summary>One round: checks every Running experiment and builds every report that is due.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _tickLock.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var unfinished = await store.ListUnfinishedExperimentsAsync(cancellationToken);
            var held = await leases.ListHeldAsync(Replicas.LeaseNames.ExperimentPrefix, cancellationToken);
            await ReleaseEndedAsync(unfinished);
            await Task.WhenAll(unfinished.Select(e => GuardAsync(e.Id, e.State switch
            {
                ExperimentState.Running when IsWatchedHere(e.Id) => WatchedAsync(e.Id, () => CheckAsync(e, now, cancellationToken)),
                ExperimentState.Running or ExperimentState.Pending when IsOrphan(e, held, now) => AbortOrphanAsync(
                    e.Id, "The replica watching the experiment stopped (its lease expired); its faults were cleared.", cancellationToken),
                ExperimentState.Running or ExperimentState.Pending => Task.CompletedTask,
                _ when e.Experiment.Report is not null || e.Experiment.ReportDueAt is not { } due || now < due => Task.CompletedTask,
                _ when held.ContainsKey(Replicas.LeaseNames.Experiment(e.Id)) => Task.CompletedTask,
                _ => UnderLeaseAsync(e.Id, () => ReportIfDueAsync(e, now, cancellationToken), cancellationToken),
            })));
        }
        finally
        {
            _tickLock.Release();
        }
    }

    /// <summary>Logs one experiment's failure so that it does not keep the others from being handled.</summary>
    private async Task GuardAsync(string id, Task work)
    {
        try
        {
            await work;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ExperimentTickFailed(logger, e, id);
        }
    }
}
