using Cellular.Core.Http;
using Cellular.Router.Telemetry;

namespace Cellular.Router.Forwarding;

// A cell answered 401 with WWW-Authenticate: CellularAssertion: it refused the router's
// signature (keys rotated, the router's key stale, or its clock off). That is the router's
// failure, not the tenant's and not the cell's: the keys are fetched again (rate-limited by the
// refresher), the tenant gets 503 with Retry-After and never the cell's answer, and the request
// is counted with the router's own refusals, so the cell's circuit is not touched.
internal sealed partial class CellForwarder
{
    private static readonly TimeSpan AssertionRefusedRetryAfter = TimeSpan.FromSeconds(1);
    private long _lastAssertionRefusedLog = long.MinValue;

    private Task AssertionRefusedAsync(HttpContext context, RoutedRequest routed, long generation)
    {
        _keys.RequestRefresh();
        routed.Conclude(null, RequestOutcome.NoRoute);
        if (Throttle(ref _lastAssertionRefusedLog, _time.GetTimestamp()))
        {
            Log.AssertionRefused(_logger, routed.CellId, generation);
        }

        // Only the status was set from the cell's answer; nothing of it was written.
        context.Response.Clear();
        SetCellHeaders(context, routed.CellId, routed.RouteHeader);
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Router signature refused",
            $"Cell {routed.CellId} refused the router's signature; keys are being refreshed. Retry shortly.",
            routed.TenantKey,
            routed.CellId,
            AssertionRefusedRetryAfter);
    }
}
