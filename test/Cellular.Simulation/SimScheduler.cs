namespace Cellular.Simulation;

/// <summary>
/// The simulated clock and the one event queue of a run. Events fire in (time, order of
/// scheduling) order, one at a time; an event scheduled for a node is dropped when that node died
/// or restarted since, and waits when the node is paused. Continuations that async code posts
/// while an event runs are run before the next event.
/// </summary>
internal sealed class SimScheduler(SimTrace trace)
{
    private readonly PriorityQueue<SimEvent, (long Time, long Order)> _queue = new();
    private readonly SimSynchronizationContext _context = new();
    private long _order;

    /// <summary>Simulated milliseconds since the start of the run (also the database's clock).</summary>
    public long Now { get; private set; }

    public SimTrace Trace { get; } = trace;

    public long Events { get; private set; }

    public SynchronizationContext Context => _context;

    /// <summary>Runs <paramref name="action"/> at <paramref name="time"/> on behalf of <paramref name="owner"/> (null: the environment).</summary>
    public void At(long time, SimNode? owner, Action action)
    {
        var at = Math.Max(time, Now);
        _queue.Enqueue(new SimEvent(owner, owner?.Incarnation ?? 0, action), (at, _order++));
    }

    public void After(long delay, SimNode? owner, Action action) => At(Now + delay, owner, action);

    /// <summary>Fires events up to and including <paramref name="end"/>; the clock then reads <paramref name="end"/>.</summary>
    public void RunUntil(long end)
    {
        while (_queue.TryPeek(out var next, out var when) && when.Time <= end)
        {
            _queue.Dequeue();
            Now = when.Time;
            if (next.Owner is { } owner)
            {
                if (!owner.Up || owner.Incarnation != next.Incarnation)
                {
                    continue;
                }

                if (owner.PausedUntil > Now)
                {
                    _queue.Enqueue(next, (owner.PausedUntil, _order++));
                    continue;
                }
            }

            Events++;
            next.Action();
            _context.Drain();
        }

        Now = Math.Max(Now, end);
    }

    private sealed record SimEvent(SimNode? Owner, int Incarnation, Action Action);
}
