using System.Globalization;
using System.Text.Json;
using Cellular.Cell.Internal;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Cellular.Cell.TenantData;

/// <summary>The data-transfer half: export, import, change feed, hash.</summary>
internal static partial class CellTenantEndpoints
{
    private static async Task<IResult> ExportAsync(string tenant, [FromServices] CellTenantOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Json(await operations.ExportAsync(tenant, cancellationToken).ConfigureAwait(false), CellularJsonContext.Default.TenantSnapshot);

    private static async Task<IResult> ImportAsync(string tenant, HttpContext context, [FromServices] CellTenantOperations operations)
    {
        AllowLargeBody(context);
        var (snapshot, problem) = await CellJsonBody.ReadAsync(context, CellularJsonContext.Default.TenantSnapshot, """{"tenant":"acme","watermark":42,"rows":[...]}""").ConfigureAwait(false);
        if (snapshot is null)
        {
            return problem!;
        }

        if (snapshot.Tenant != tenant)
        {
            return BadBody($"The snapshot is of tenant '{snapshot.Tenant}', not '{tenant}'; import it under its own tenant.");
        }

        if (snapshot.Watermark < 0 || snapshot.Rows is null)
        {
            return BadBody("A snapshot needs a non-negative watermark and a rows array; send the body of GET export unchanged.");
        }

        return View(await operations.ImportAsync(snapshot, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> GetChangesAsync(
        string tenant, [FromQuery] string? after, [FromQuery] string? limit, [FromServices] CellTenantOperations operations, CancellationToken cancellationToken)
    {
        var afterSeq = 0L;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq))
        {
            return BadQuery($"after must be a sequence number (a non-negative whole number); it was '{after}'.");
        }

        var take = DefaultChangeLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxChangeLimit))
        {
            return BadQuery($"limit must be a whole number from 1 to {MaxChangeLimit}; it was '{limit}'.");
        }

        var page = await operations.GetChangesAsync(tenant, afterSeq, take, cancellationToken).ConfigureAwait(false);
        return TypedResults.Json(page, CellularJsonContext.Default.TenantChangePage);
    }

    private static async Task<IResult> ApplyChangesAsync(string tenant, HttpContext context, [FromServices] CellTenantOperations operations)
    {
        AllowLargeBody(context);
        var (page, problem) = await CellJsonBody.ReadAsync(context, CellularJsonContext.Default.TenantChangePage, """{"tenant":"acme","changes":[...],"next":57}""").ConfigureAwait(false);
        if (page is null)
        {
            return problem!;
        }

        if (page.Tenant != tenant)
        {
            return BadBody($"The changes are of tenant '{page.Tenant}', not '{tenant}'.");
        }

        if (DescribeInvalidChanges(page) is { } invalid)
        {
            return BadBody($"{invalid} Send the body of GET changes unchanged.");
        }

        return View(await operations.ApplyChangesAsync(page, context.RequestAborted).ConfigureAwait(false));
    }

    private static async Task<IResult> HashAsync(string tenant, [FromServices] CellTenantOperations operations, CancellationToken cancellationToken) =>
        TypedResults.Json(await operations.HashAsync(tenant, cancellationToken).ConfigureAwait(false), CellularJsonContext.Default.TenantHash);

    private static string? DescribeInvalidChanges(TenantChangePage page)
    {
        if (page.Changes is null)
        {
            return "changes is required.";
        }

        var previous = 0L;
        for (var i = 0; i < page.Changes.Count; i++)
        {
            var change = page.Changes[i];
            if (change is null || change.Seq <= previous)
            {
                return $"changes[{i}] is missing or its seq is not above the previous one; changes must be in ascending seq order, starting above 0.";
            }

            if (string.IsNullOrEmpty(change.Key))
            {
                return $"changes[{i}] has no key.";
            }

            if (change.Op == TenantChangeOperation.Upsert && change.Row is not { ValueKind: not JsonValueKind.Null })
            {
                return $"changes[{i}] is an upsert without a row.";
            }

            previous = change.Seq;
        }

        return page.Next < previous
            ? $"next ({page.Next}) is below the last change's seq ({previous})."
            : null;
    }

    private static void AllowLargeBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxTransferBodyBytes;
        }
    }
}
