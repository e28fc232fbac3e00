namespace Cellular.Simulation;

/// <summary>
/// The simulated cancellation token of one workflow run: cancelled when the replica learns from a
/// failed heartbeat that it lost the lease. Operations bound to it end at once with
/// <see cref="OperationCanceledException"/>; those started with no scope (the real code's
/// <c>CancellationToken.None</c>, as in the rollback) carry on.
/// </summary>
internal sealed class CancellationScope
{
    private readonly List<Action> _pending = [];

    public bool IsCancelled { get; private set; }

    public void Register(Action cancel)
    {
        if (IsCancelled)
        {
            cancel();
            return;
        }

        _pending.Add(cancel);
    }

    public void Cancel()
    {
        if (IsCancelled)
        {
            return;
        }

        IsCancelled = true;
        foreach (var cancel in _pending)
        {
            cancel();
        }

        _pending.Clear();
    }

    public void ThrowIfCancelled()
    {
        if (IsCancelled)
        {
            throw new OperationCanceledException("The run lost its lease.");
        }
    }
}
