using System.Globalization;
using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Routing;
using Cellular.Router.Telemetry;

namespace Cellular.Router.Forwarding;

// A cell answered 421: it no longer serves the tenant (fenced for a move, or moved) and refused
// before doing any work, so sending the request again is safe for every method. Nothing has
// reached the client yet. The request waits until the routing table moves the tenant (at once
// when it already has), then goes once to the new owner with the new epoch; otherwise the client
// gets 503 "Tenant moving" and the old cell never sees the request again.
internal sealed partial class CellForwarder
{
    private async Task MisdirectedAsync(HttpContext context, TenantKey key, RoutedRequest routed, long usedVersion, long usedEpoch, CellGuard source, long start)
    {
        var refusedAt = _time.GetTimestamp();
        var owner = routed.Owner;

        // Only the status was set from the cell's answer; nothing of it was written.
        context.Response.Clear();
        if (!routed.TryRewindBody())
        {
            if (Throttle(ref _lastBodyTooLargeLog, refusedAt))
            {
                Log.BodyTooLarge(_logger, routed.TenantKey, source.CellId, usedVersion, _cutover.MaxBufferedBodyBytes);
            }

            await GiveUpAsync(context, key, routed, source, source, CutoverOutcome.BodyTooLarge, null, start, $"Cell {source.CellId} no longer serves it, and the request's body is over {_cutover.MaxBufferedBodyBytes} bytes, too large to send again.");
            return;
        }

        var state = _holder.State;
        if (!CutoverHold.HasMoved(state, key, usedVersion, source.CellId, usedEpoch))
        {
            (var result, state) = await _cutover.WaitForMoveAsync(key, usedVersion, source.CellId, usedEpoch, context.RequestAborted);
            var held = _time.GetElapsedTime(refusedAt);
            switch (result)
            {
                case HoldResult.Full:
                    if (Throttle(ref _lastHoldFullLog, refusedAt))
                    {
                        Log.HoldFull(_logger, _cutover.MaxHeldRequests, routed.TenantKey, source.CellId, usedVersion);
                    }

                    await GiveUpAsync(context, key, routed, source, source, CutoverOutcome.HoldFull, null, start, $"Cell {source.CellId} no longer serves it, and {_cutover.MaxHeldRequests} requests are already waiting for moves.");
                    return;

                case HoldResult.ClientLeft:
                    // Like any request the client abandons: not an error of the router or the cell.
                    _recorder.CutoverFinished(source, CutoverOutcome.ClientLeft, held);
                    routed.Conclude(source, RequestOutcome.Success);
                    return;

                case HoldResult.TimedOut:
                    if (Throttle(ref _lastHoldTimeoutLog, refusedAt))
                    {
                        Log.HoldTimedOut(_logger, routed.TenantKey, source.CellId, owner, state.Table.Version, _cutover.HoldTimeout);
                    }

                    await GiveUpAsync(context, key, routed, source, source, CutoverOutcome.HoldTimeout, held, start, $"Cell {source.CellId} no longer serves it, and routing table version {state.Table.Version} has not moved it within {_cutover.HoldTimeout.TotalMilliseconds:0} ms.");
                    return;
            }
        }

        await RetryAsync(context, key, routed, state, source, owner, usedVersion, refusedAt, start);
    }

    private async Task RetryAsync(HttpContext context, TenantKey key, RoutedRequest routed, RouterState state, CellGuard source, string? owner, long usedVersion, long refusedAt, long start)
    {
        var held = _time.GetElapsedTime(refusedAt);
        var refusal = Admit(context, routed, key, state, start, chargeTenant: false, out var route, out var target, out var signingKey, out var permit);
        if (refusal is not null)
        {
            _recorder.CutoverFinished(source, CutoverOutcome.RetriedFailed, held);
            await refusal;
            return;
        }

        var connection = target!.Connection!;
        var guard = target.Guard;
        var routeHeader = state.Table.RouteHeader(route.Rule);
        routed.Reroute(route.Epoch.ToString(CultureInfo.InvariantCulture), connection.CellId, routeHeader, _keys.Sign(signingKey!, routed.TenantKey, route.Epoch));
        Log.Retrying(_logger, routed.TenantKey, source.CellId, owner, usedVersion, connection.CellId, route.Epoch, state.Table.Version, (long)held.TotalMilliseconds);

        var (outcome, error) = await SendAsync(context, routed, connection, guard, permit, CellCircuit.TenantHash(routed.TenantKey));
        if (routed.AssertionRefused)
        {
            _recorder.CutoverFinished(source, CutoverOutcome.RetriedFailed, held);
            await AssertionRefusedAsync(context, routed, signingKey!.Generation);
            return;
        }

        if (routed.Misdirected)
        {
            // One retry per request: the new owner refusing as well means the move is not settled.
            context.Response.Clear();
            if (Throttle(ref _lastRefusedAgainLog, refusedAt))
            {
                Log.RefusedAgain(_logger, routed.TenantKey, source.CellId, connection.CellId, state.Table.Version);
            }

            await GiveUpAsync(context, key, routed, source, guard, CutoverOutcome.RetriedFailed, held, start, $"Cell {source.CellId} refused it, and so did cell {connection.CellId}, where routing table version {state.Table.Version} sends it.");
            return;
        }

        _recorder.CutoverFinished(source, outcome == RequestOutcome.Success ? CutoverOutcome.RetriedOk : CutoverOutcome.RetriedFailed, held);
        routed.Conclude(guard, outcome);
        if (outcome == RequestOutcome.CellDown)
        {
            await CellNotAnsweringAsync(context, error, connection, routeHeader);
        }
    }

    /// <summary>Concludes the request as <see cref="RequestOutcome.Moving"/> on <paramref name="last"/> (the cell that refused last) and answers 503.</summary>
    private Task GiveUpAsync(HttpContext context, TenantKey key, RoutedRequest routed, CellGuard source, CellGuard last, CutoverOutcome outcome, TimeSpan? held, long start, string why)
    {
        _recorder.CutoverFinished(source, outcome, held);
        routed.Conclude(last, RequestOutcome.Moving);
        return MovingAsync(context, routed, why);
    }

    /// <summary>True at most once per log interval for one kind of cutover warning, so a busy tenant's move logs a line every few seconds, not one per request.</summary>
    private bool Throttle(ref long lastTimestamp, long nowTimestamp)
    {
        var last = Interlocked.Read(ref lastTimestamp);
        return (last == long.MinValue || nowTimestamp - last >= _logInterval)
            && Interlocked.CompareExchange(ref lastTimestamp, nowTimestamp, last) == last;
    }
}
