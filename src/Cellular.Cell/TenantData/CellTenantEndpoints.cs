using System.Globalization;
using Cellular.Cell.Internal;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.TenantData;

/// <summary>
/// <c>/_cell/tenants/{tenant}</c>: the calls the control plane's migration workflow makes on the
/// source and target cells of a move. Bodies and answers are the <c>Cellular.Core.Api</c> types;
/// an export is imported and a change page applied exactly as received.
/// </summary>
internal static partial class CellTenantEndpoints
{
    public const int DefaultDrainTimeoutMs = 10_000;
    public const int MaxDrainTimeoutMs = 300_000;
    public const int DefaultChangeLimit = 1_000;
    public const int MaxChangeLimit = 10_000;

    /// <summary>Snapshots of big tenants exceed Kestrel's 30 MB default body limit.</summary>
    public const long MaxTransferBodyBytes = 1L << 30;

    public static void MapCellTenants(this IEndpointRouteBuilder endpoints)
    {
        var tenant = endpoints.MapGroup("/tenants/{tenant}").AddEndpointFilter<CellTenantProblemFilter>();
        tenant.MapGet("", GetAsync);
        tenant.MapDelete("", PurgeAsync);
        tenant.MapPost("/fence", FenceAsync);
        tenant.MapPost("/unfence", UnfenceAsync);
        tenant.MapPost("/activate", ActivateAsync);
        tenant.MapPost("/moved", MovedAsync);
        tenant.MapGet("/export", ExportAsync);
        tenant.MapPost("/import", ImportAsync);
        tenant.MapGet("/changes", GetChangesAsync);
        tenant.MapPost("/changes", ApplyChangesAsync);
        tenant.MapGet("/hash", HashAsync);
    }

    private static async Task<IResult> GetAsync(string tenant, [FromServices] CellTenantOperations operations, CancellationToken cancellationToken) =>
        View(await operations.GetAsync(tenant, cancellationToken).ConfigureAwait(false));

    private static async Task<IResult> PurgeAsync(string tenant, [FromQuery] string? force, [FromQuery] string? epoch, [FromServices] CellTenantOperations operations, CancellationToken cancellationToken)
    {
        if (!TryParseFlag(force, out var forced))
        {
            return BadQuery($"force must be true or false; it was '{force}'.");
        }

        long? fencedAt = null;
        if (epoch is not null)
        {
            if (!long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return BadQuery($"epoch is the epoch the tenant must be fenced at for the purge to happen (a non-negative whole number); it was '{epoch}'.");
            }

            fencedAt = value;
        }

        await operations.PurgeAsync(tenant, forced, fencedAt, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> FenceAsync(string tenant, HttpContext context, [FromQuery] string? timeoutMs, [FromServices] CellTenantOperations operations)
    {
        var timeout = DefaultDrainTimeoutMs;
        if (timeoutMs is not null && (!int.TryParse(timeoutMs, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) || timeout > MaxDrainTimeoutMs))
        {
            return BadQuery($"timeoutMs is how long to wait for in-flight requests, 0 to {MaxDrainTimeoutMs}; it was '{timeoutMs}'.");
        }

        var (request, problem) = await CellJsonBody.ReadAsync(context, CellularJsonContext.Default.TenantEpochRequest, """{"epoch":2}""").ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        if (request.Epoch is not >= 0)
        {
            return BadBody("epoch is required: the tenant's epoch after the move (a non-negative whole number).");
        }

        var fenced = await operations.FenceAsync(tenant, request.Epoch.Value, TimeSpan.FromMilliseconds(timeout), context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(fenced, CellularJsonContext.Default.TenantFenceResult);
    }

    private static async Task<IResult> UnfenceAsync(string tenant, [FromQuery] string? epoch, [FromServices] CellTenantOperations operations, CancellationToken cancellationToken)
    {
        long? fencedAt = null;
        if (epoch is not null)
        {
            if (!long.TryParse(epoch, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return BadQuery($"epoch is the epoch the tenant must be fenced at to be unfenced (a non-negative whole number); it was '{epoch}'.");
            }

            fencedAt = value;
        }

        return View(await operations.UnfenceAsync(tenant, fencedAt, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> ActivateAsync(string tenant, HttpContext context, [FromServices] CellTenantOperations operations)
    {
        var (request, problem) = await CellJsonBody.ReadAsync(context, CellularJsonContext.Default.TenantEpochRequest, """{"epoch":2}""").ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        if (request.Epoch is not >= 0)
        {
            return BadBody("epoch is required: the tenant's epoch in this cell (a non-negative whole number).");
        }

        return View(await operations.ActivateAsync(tenant, request.Epoch.Value, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> MovedAsync(string tenant, HttpContext context, [FromServices] CellTenantOperations operations, [FromServices] IOptions<CellOptions> options)
    {
        var (request, problem) = await CellJsonBody.ReadAsync(context, CellularJsonContext.Default.TenantMovedRequest, """{"cell":"c2","epoch":2}""").ConfigureAwait(false);
        if (request is null)
        {
            return problem!;
        }

        if (Ids.DescribeInvalidCellId(request.Cell) is { } invalidCell)
        {
            return BadBody($"cell must name the tenant's new cell. {invalidCell}");
        }

        if (request.Cell == options.Value.Id)
        {
            return BadBody($"cell is this cell ('{request.Cell}'); a tenant cannot move to the cell it leaves.");
        }

        if (request.Epoch is not >= 0)
        {
            return BadBody("epoch is required: the tenant's epoch in its new cell (a non-negative whole number).");
        }

        return View(await operations.MovedAsync(tenant, request.Cell!, request.Epoch.Value, context.RequestAborted).ConfigureAwait(false));
    }

    private static bool TryParseFlag(string? value, out bool flag)
    {
        flag = false;
        return value is null || bool.TryParse(value, out flag);
    }

    private static IResult View(CellTenantView view) => TypedResults.Json(view, CellularJsonContext.Default.CellTenantView);

    private static ProblemHttpResult BadQuery(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: detail);

    private static ProblemHttpResult BadBody(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);
}
