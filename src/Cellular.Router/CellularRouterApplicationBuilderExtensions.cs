using Cellular.Router.Apis;
using Cellular.Router.Forwarding;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Puts the cell router's request path in the middleware pipeline.</summary>
public static class CellularRouterApplicationBuilderExtensions
{
    /// <summary>
    /// Forwards every request except <c>/_router/*</c> and <c>/metrics</c> to its tenant's cell from
    /// a middleware, and passes those two on to the router's endpoints. Call it before
    /// <c>UseRouting()</c>, and map the endpoints with <c>MapCellularRouter()</c>: tenant requests
    /// then never reach endpoint routing, whose catch-all route costs a route match, a route-value
    /// dictionary and a copy of the path on every request. Without this middleware the catch-all
    /// endpoint of <c>MapCellularRouter()</c> routes the same requests the same way, only slower.
    /// </summary>
    public static IApplicationBuilder UseCellularRouter(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var forwarder = app.ApplicationServices.GetRequiredService<CellForwarder>();
        return app.Use(next => context => IsRouterOwn(context.Request.Path) ? OnThreadPoolAsync(next, context) : forwarder.InvokeAsync(context));
    }

    /// <summary>
    /// Runs one of the router's own endpoints (a table dump, a metrics scrape) on the thread pool:
    /// with inline I/O (<see cref="Cellular.Router.IoOptions"/>) it would otherwise hold an I/O thread
    /// that also serves tenants' connections.
    /// </summary>
    private static async Task OnThreadPoolAsync(RequestDelegate next, HttpContext context)
    {
        await Task.Yield();
        await next(context);
    }

    /// <summary>True for the paths of the router's own endpoints, which are never forwarded.</summary>
    internal static bool IsRouterOwn(PathString path) =>
        path.StartsWithSegments(RouterApi.Prefix, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(CellularRouterEndpointRouteBuilderExtensions.MetricsPath, StringComparison.OrdinalIgnoreCase);
}
