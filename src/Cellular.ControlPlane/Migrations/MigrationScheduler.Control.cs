using Cellular.ControlPlane.Replicas;

namespace Cellular.ControlPlane.Migrations;

/// <summary>What the API asks of the scheduler: stop a run (abort), run one now, hold a migration (reverse).</summary>
internal sealed partial class MigrationScheduler
{
    /// <summary>
    /// Stops the run of <paramref name="id"/> (after an abort was recorded, it rolls back) and resumes
    /// the migration at once. When no run of this replica drives it, asks the replica that does (its
    /// lease's holder) through the store: its run stops at its next heartbeat.
    /// </summary>
    public async Task InterruptAsync(string id, CancellationToken cancellationToken)
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
        else
        {
            await leases.RequestInterruptAsync(LeaseNames.Migration(id), reserve: false, cancellationToken);
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
    /// hold is disposed, so a reverse can end the migration without it running concurrently: here,
    /// and on every replica, by holding the migration's lease (a run of another replica is asked to
    /// stop and let go of it). Writes made inside the hold's <see cref="ReplicaHold.Enter"/> are fenced by that lease.
    /// </summary>
    /// <exception cref="Errors.ControlPlaneException">409: the replica driving the migration did not let go of it within two lease times.</exception>
    public async Task<ReplicaHold> HoldAsync(string id, CancellationToken cancellationToken)
    {
        var local = await HoldHereAsync(id, cancellationToken);
        HeldLease? lease;
        try
        {
            lease = await leases.HoldAsync(LeaseNames.Migration(id), leases.Options.Ttl * 2, cancellationToken);
        }
        catch
        {
            local.Dispose();
            throw;
        }

        if (lease is null)
        {
            local.Dispose();
            throw Errors.ControlPlaneException.Conflict(
                "Migration busy",
                $"Migration {id} is driven by another control plane replica, which did not let go of it in time; try again.");
        }

        return new ReplicaHold(local, lease);
    }

    /// <summary>Stops this replica's run of <paramref name="id"/> and keeps this replica from resuming it until disposed.</summary>
    private async Task<IDisposable> HoldHereAsync(string id, CancellationToken cancellationToken)
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

    /// <summary>A hold on every replica: this replica's, and the migration's lease; disposing releases both.</summary>
    internal sealed class ReplicaHold(IDisposable local, HeldLease lease) : IAsyncDisposable
    {
        /// <summary>Fences the current flow's writes with the migration's lease until disposed (enter it in the flow that writes).</summary>
        public IDisposable Enter() => lease.Enter();

        public async ValueTask DisposeAsync()
        {
            await lease.DisposeAsync();
            local.Dispose();
        }
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
