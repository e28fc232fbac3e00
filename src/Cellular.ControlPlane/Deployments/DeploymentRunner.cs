using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Replicas;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Drives every unfinished deployment, one task each, from the step the store records: at start-up
/// it resumes what a previous run left under way (a crash at any step included), then picks up new
/// deployments when woken and every <see cref="DeploymentOptions.GateInterval"/>.
/// </summary>
/// <remarks>
/// Replicas: a deployment is driven under the lease <c>deployment:{id}</c>, by one replica at a
/// time; every step's writes are fenced by it, and a replica resumes a deployment whose lease
/// expired (its replica died) within <see cref="Replicas.LeaseOptions.Poll"/>.
/// </remarks>
internal sealed partial class DeploymentRunner(
    IStoreDatabase database,
    DeploymentStore deploymentStore,
    DeploymentWorkflow workflow,
    IOptions<DeploymentOptions> options,
    LeaseKeeper leases,
    TimeProvider time,
    ILogger<DeploymentRunner> logger) : BackgroundService
{
    /// <summary>Failures in a row of one deployment's step after which it pauses with the error as its reason.</summary>
    private const int MaxSilentFailures = 10;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Makes the runner look for new deployments now.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _wake.TrySetResult();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Task[] runs;
        lock (_gate)
        {
            runs = [.. _running.Values];
        }

        try
        {
            await Task.WhenAll(runs).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting; every step is recorded for the next start.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Task wake;
            lock (_gate)
            {
                wake = _wake.Task;
            }

            try
            {
                var unfinished = await database.ReadAsync(deploymentStore.ListUnfinishedAsync, stoppingToken);
                var held = await leases.ListHeldAsync(LeaseNames.DeploymentPrefix, stoppingToken);
                foreach (var deployment in unfinished.Where(d => !held.ContainsKey(LeaseNames.Deployment(d.Id))))
                {
                    lock (_gate)
                    {
                        if (!_running.ContainsKey(deployment.Id))
                        {
                            using (ExecutionContext.SuppressFlow())
                            {
                                _running[deployment.Id] = DriveAsync(deployment.Id, stoppingToken);
                            }
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.StepFailed(logger, e, "(all)", e.Message);
            }

            try
            {
                var look = options.Value.GateInterval * 5;
                await wake.WaitAsync(look < leases.Options.Poll ? look : leases.Options.Poll, time, stoppingToken);
            }
            catch (TimeoutException)
            {
                // Look again.
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }

    private async Task DriveAsync(string id, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        HeldLease? lease = null;
        try
        {
            lease = await leases.TryHoldAsync(LeaseNames.Deployment(id), stoppingToken);
            if (lease is null)
            {
                // Another replica drives it.
                return;
            }

            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
            using var fenced = lease.Enter();
            while (!run.IsCancellationRequested)
            {
                try
                {
                    if (await workflow.StepAsync(id, run.Token))
                    {
                        return;
                    }

                    failures = 0;
                }
                catch (Exception e) when (lease.IsLost || e is LeaseLostException)
                {
                    // Another replica owns the deployment now; nothing was written after the loss.
                    Log.LeaseLost(logger, lease.LostException(e), id);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // A failed step (store busy, a provider error we did not expect) is retried: every step is idempotent.
                    failures++;
                    Log.StepFailed(logger, e, id, e.Message);
                    if (failures == MaxSilentFailures)
                    {
                        await TryPauseAsync(id, failures, e.Message, stoppingToken);
                    }

                    var backoff = options.Value.GateInterval * Math.Pow(2, Math.Min(failures, 5));
                    await Task.Delay(backoff < MaxBackoff ? backoff : MaxBackoff, time, run.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next start (or another replica) resumes from the recorded step.
        }
        catch (OperationCanceledException e) when (lease is { IsLost: true })
        {
            Log.LeaseLost(logger, lease.LostException(e), id);
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
        }
    }

    private async Task TryPauseAsync(string id, int failures, string error, CancellationToken stoppingToken)
    {
        try
        {
            await workflow.PauseForFailuresAsync(id, failures, error, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Log.StepFailed(logger, e, id, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.DeploymentStepFailed, LogLevel.Error, "Deployment {deployment}: a step failed and is retried: {reason}")]
        public static partial void StepFailed(ILogger logger, Exception exception, string deployment, string reason);

        [LoggerMessage(Logging.EventIds.LeasedRunLost, LogLevel.Warning, "Deployment {deployment}: this replica lost its lease, so its run stopped without writing; the replica holding the lease now drives it")]
        public static partial void LeaseLost(ILogger logger, Exception exception, string deployment);
    }
}
