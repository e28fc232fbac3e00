namespace Cellular.ControlPlane.Migrations;

/// <summary>What the API asks of the scheduler: stop a run (abort), run one now, hold a migration (reverse).</summary>
internal sealed partial class MigrationScheduler
{
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
