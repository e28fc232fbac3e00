using System.Diagnostics;
using Cellular.Cell.Internal;
using Microsoft.AspNetCore.Http;

namespace Cellular.Cell.Metrics;

/// <summary>Times every app request (not <c>/_cell/*</c>) and counts it by outcome once the response is decided.</summary>
internal sealed class CellMetricsMiddleware(RequestDelegate next, CellMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (CellPaths.IsCellContract(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context).ConfigureAwait(false);
            status = context.Response.StatusCode;
        }
        finally
        {
            metrics.RequestFinished(status, Stopwatch.GetElapsedTime(started));
        }
    }
}
