using Cellular.Cell.Hosting;
using Cellular.Cell.Tenancy;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Info;

/// <summary><c>GET /_cell/info</c>: the cell's identity and how many tenants it holds.</summary>
internal static class CellInfoEndpoint
{
    public static async Task<JsonHttpResult<CellInfo>> GetAsync(
        [FromServices] IOptions<CellOptions> options,
        [FromServices] CellRuntime runtime,
        [FromServices] ICellTenantDirectory? directory,
        CancellationToken cancellationToken)
    {
        var cell = options.Value;
        var tenants = directory is null ? 0 : await directory.CountTenantsAsync(cancellationToken).ConfigureAwait(false);
        var info = new CellInfo(cell.Id, cell.Version, tenants, runtime.ProcessId, runtime.StartedAt);
        return TypedResults.Json(info, CellularJsonContext.Default.CellInfo);
    }
}
