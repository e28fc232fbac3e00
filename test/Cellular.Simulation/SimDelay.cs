namespace Cellular.Simulation;

/// <summary>Timers on a node's clock: a delay that never fires if the node dies first, and fires late if it is paused.</summary>
internal sealed class SimDelay(SimScheduler scheduler)
{
    public SimOp<bool> For(SimNode node, long ms, CancellationScope? scope = null)
    {
        var op = new SimOp<bool>();
        scope?.Register(() => op.TrySetError(new OperationCanceledException("The run lost its lease.")));
        scheduler.After(ms, node, () => op.TrySetResult(true));
        return op;
    }
}
