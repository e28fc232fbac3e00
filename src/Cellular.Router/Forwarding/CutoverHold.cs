using Cellular.Router.Extraction;
using Cellular.Router.Routing;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Forwarding;

/// <summary>
/// Parks requests a cell refused with 421 until the routing table moves their tenant, so a
/// cutover costs clients latency instead of errors. A held request waits asynchronously on the
/// table holder's change token, linked with its own deadline and the client's abort: no thread is
/// blocked and nothing is locked. How many are held at once is bounded with an
/// <see cref="Interlocked"/> counter, because each keeps a connection (and maybe a body) open.
/// </summary>
internal sealed class CutoverHold
{
    private readonly RoutingTableHolder _holder;
    private readonly TimeProvider _time;
    private int _held;

    /// <summary>Creates the hold from <see cref="RouterOptions.Cutover"/>.</summary>
    public CutoverHold(RoutingTableHolder holder, IOptions<RouterOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _holder = holder;
        _time = time;
        var cutover = options.Value.Cutover;
        HoldTimeout = cutover.HoldTimeout;
        MaxHeldRequests = cutover.MaxHeldRequests;
        MaxBufferedBodyBytes = cutover.MaxBufferedBodyBytes;
    }

    /// <summary>Longest wait of one request for its tenant's move.</summary>
    public TimeSpan HoldTimeout { get; }

    /// <summary>Requests held at once, at most.</summary>
    public int MaxHeldRequests { get; }

    /// <summary>Largest request body recorded for a retry.</summary>
    public int MaxBufferedBodyBytes { get; }

    /// <summary>Requests held now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>
    /// True when <paramref name="state"/> routes <paramref name="key"/> differently from the route a
    /// cell refused (table <paramref name="usedVersion"/>, cell <paramref name="usedCell"/>, epoch
    /// <paramref name="usedEpoch"/>): another cell, another epoch, or no route at all. A newer table
    /// that still sends the tenant to the same cell at the same epoch is no reason to retry.
    /// </summary>
    public static bool HasMoved(RouterState state, TenantKey key, long usedVersion, string usedCell, long usedEpoch)
    {
        var table = state.Table;
        if (table.Version == usedVersion)
        {
            return false;
        }

        var route = table.Lookup(key.Span);
        return !route.Found
            || route.Epoch != usedEpoch
            || !string.Equals(table.Cells[route.CellIndex].Id, usedCell, StringComparison.Ordinal);
    }

    /// <summary>
    /// Waits until the table moves <paramref name="key"/> away from the refused route, the hold
    /// timeout passes or <paramref name="aborted"/> fires; returns the state to retry with.
    /// </summary>
    public async Task<(HoldResult Result, RouterState State)> WaitForMoveAsync(TenantKey key, long usedVersion, string usedCell, long usedEpoch, CancellationToken aborted)
    {
        if (Interlocked.Increment(ref _held) > MaxHeldRequests)
        {
            Interlocked.Decrement(ref _held);
            return (HoldResult.Full, _holder.State);
        }

        try
        {
            using var deadline = new CancellationTokenSource(HoldTimeout, _time);
            while (true)
            {
                // Token before state: a table applied in between fires the token, so it is not missed.
                var changed = _holder.Changed;
                var state = _holder.State;
                if (HasMoved(state, key, usedVersion, usedCell, usedEpoch))
                {
                    return (HoldResult.Moved, state);
                }

                if (aborted.IsCancellationRequested)
                {
                    return (HoldResult.ClientLeft, state);
                }

                if (deadline.IsCancellationRequested)
                {
                    return (HoldResult.TimedOut, state);
                }

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(changed, deadline.Token, aborted);
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, wake.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }
}
