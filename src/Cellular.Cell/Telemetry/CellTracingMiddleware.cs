using System.Diagnostics;
using Cellular.Cell.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Telemetry;

/// <summary>
/// Tags the request's server span (ASP.NET Core's activity, a child of the router's call when the
/// request came through a router) with the cell and, once authentication let the request in, the
/// tenant the router asserted. Runs right after authentication; when the request is not traced
/// it costs one read of the current activity.
/// </summary>
internal sealed class CellTracingMiddleware(RequestDelegate next, IOptions<CellOptions> options)
{
    private readonly string _cellId = options.Value.Id;

    public Task InvokeAsync(HttpContext context)
    {
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(CellTracing.CellTag, _cellId);
            var tenant = context.GetTenantContext();
            if (tenant.TenantId is { } id)
            {
                activity.SetTag(CellTracing.TenantTag, id);
                if (tenant.Epoch is { } epoch)
                {
                    activity.SetTag(CellTracing.EpochTag, epoch);
                }
            }
        }

        return next(context);
    }
}
