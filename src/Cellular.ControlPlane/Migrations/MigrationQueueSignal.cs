namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// Wakes the <see cref="MigrationScheduler"/>: raised when a migration is planned or aborted, and
/// when one frees its cells' slots (it soaks or ends), so the next queued move starts at once.
/// </summary>
internal sealed class MigrationQueueSignal
{
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>The wait of the next round; take it before looking at the queue, so a raise in between is not missed.</summary>
    public Task Next => Volatile.Read(ref _signal).Task;

    public void Raise() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Arms a new signal once <paramref name="seen"/> (a task from <see cref="Next"/>) fired.</summary>
    public void Reset(Task seen)
    {
        var current = Volatile.Read(ref _signal);
        if (current.Task == seen && seen.IsCompleted)
        {
            Interlocked.CompareExchange(ref _signal, NewSignal(), current);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
