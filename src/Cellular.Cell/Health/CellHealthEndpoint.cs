using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Health;

/// <summary>
/// <c>GET /_cell/health</c> runs every registered ASP.NET Core health check and answers with
/// the <see cref="CellHealth"/> shape: 200 when Healthy or Degraded, 503 when Unhealthy. The
/// app adds contributors the usual way, with <c>services.AddHealthChecks().AddCheck(...)</c>.
/// </summary>
internal static class CellHealthEndpoint
{
    public static HealthCheckOptions CreateOptions() => new() { ResponseWriter = WriteAsync };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var cell = context.RequestServices.GetRequiredService<IOptions<CellOptions>>().Value;
        var health = new CellHealth(report.Status.ToString(), cell.Id, cell.Version);
        return context.Response.WriteAsJsonAsync(health, CellularJsonContext.Default.CellHealth, cancellationToken: context.RequestAborted);
    }
}
