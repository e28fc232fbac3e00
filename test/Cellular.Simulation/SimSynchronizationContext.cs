namespace Cellular.Simulation;

/// <summary>
/// Keeps every continuation of the simulation's async code on the one simulation thread, in the
/// order it was posted: an awaited <see cref="Task"/> resumes through here (never the thread pool),
/// so a run is a pure function of its seed.
/// </summary>
internal sealed class SimSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();

    public override void Post(SendOrPostCallback d, object? state) => _posted.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs what was posted, including what that posts, until nothing is left.</summary>
    public void Drain()
    {
        while (_posted.TryDequeue(out var next))
        {
            next.Callback(next.State);
        }
    }
}
