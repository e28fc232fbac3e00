using Cellular.Cell.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Logging;

/// <summary>
/// Runs every request inside a log scope with <c>cell</c> and, when the request carries a valid
/// <c>X-Tenant-Id</c>, <c>tenant</c>, so logs from many cells and tenants can be told apart.
/// </summary>
internal sealed class CellLogScopeMiddleware(RequestDelegate next, IOptions<CellOptions> options, ILogger<CellLogScopeMiddleware> logger)
{
    private readonly string _cellId = options.Value.Id;

    public async Task InvokeAsync(HttpContext context)
    {
        using (logger.BeginCellScope(_cellId, context.GetTenantContext().TenantId))
        {
            await next(context).ConfigureAwait(false);
        }
    }
}
