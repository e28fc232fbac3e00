using System.Diagnostics;
using Cellular.Router.Telemetry;

namespace Cellular.Router.Forwarding;

// The request path inside the router's span, taken only when something listens to Cellular.Router.
internal sealed partial class CellForwarder
{
    /// <summary>
    /// Handles the request inside its <c>cellular.route</c> span, which is the current activity
    /// while the request is routed and sent, so the call to the cell is its child and carries its
    /// trace in <c>traceparent</c>.
    /// </summary>
    private async Task TracedAsync(HttpContext context)
    {
        using var activity = RouterTracing.StartRoute(context);
        if (activity is null)
        {
            await HandleAsync(context);
            return;
        }

        try
        {
            await HandleAsync(context);
            RouterTracing.Answered(activity, context.Response.StatusCode);
        }
        catch (Exception e)
        {
            activity.AddException(e);
            activity.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }
}
