using Cellular.Cell.Faults;
using Cellular.Cell.Logging;
using Cellular.Cell.Metrics;
using Cellular.Cell.Ownership;
using Cellular.Cell.Security;
using Cellular.Cell.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Cellular.Cell.Hosting;

/// <summary>
/// Puts the SDK's middleware in front of the app's pipeline: the cell log scope outermost (so
/// even error logs carry the cell and tenant), then the request metrics (so they see every app
/// request's final status, refusals included), then problem+json for unhandled exceptions and
/// for error status codes without a body, then authentication (the router's assertion on tenant
/// requests, the control plane's credential on <c>/_cell/*</c>), so nothing below runs for an
/// unauthenticated caller, then the span tags (cell, and the tenant authentication let in), then the tenant body limit, then tenant ownership (count in flight, refuse with
/// 421 before any work) and last injected faults, so a request slowed by a fault still counts
/// as in flight for a fence.
/// </summary>
internal sealed class CellStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<CellLogScopeMiddleware>();
        app.UseMiddleware<CellMetricsMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CellAuthMiddleware>();
        app.UseMiddleware<CellTracingMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<TenantOwnershipMiddleware>();
        app.UseMiddleware<CellFaultMiddleware>();
        next(app);
    };
}
