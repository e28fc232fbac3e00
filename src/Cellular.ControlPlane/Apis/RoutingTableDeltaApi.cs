using System.Globalization;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cellular.ControlPlane.Apis;

/// <summary>
/// <c>GET /api/v1/routing-table/delta?since=V[&amp;wait=S]</c>: only what changed after version V,
/// so a router holding millions of tenants hears about one move without downloading them all
/// again. Long-polls like the full table. 410 when the change log does not reach back to V or
/// the change is so large that the full table is cheaper; the router then fetches that.
/// </summary>
internal static class RoutingTableDeltaApi
{
    public static async Task<IResult> GetAsync(
        HttpContext context,
        RoutingTableSource source,
        RoutingTablePublisher publisher,
        IOptions<ControlPlaneOptions> options,
        TimeProvider time,
        CancellationToken ct)
    {
        var since = QueryValues.Long(context.Request, "since", 1, long.MaxValue)
            ?? throw ControlPlaneException.BadRequest("The query parameter 'since' is required: the routing-table version you already have.");
        var wait = QueryValues.Int(context.Request, "wait", 0, RoutingTableApi.MaxWaitSeconds) ?? 0;

        // Taken before reading the store, so a version committed in between still wakes us.
        var changed = publisher.Changed;
        var max = options.Value.MaxDeltaTenants;
        var first = await ReadAsync(source, since, max, ct);
        if (first.Version < since)
        {
            // Only a table of another store (a restored or reset database) can be ahead of this one:
            // waiting would leave that router on it until this store caught up.
            throw new ControlPlaneException(
                ProblemKind.Gone,
                "Routing-table version not reached",
                $"This control plane's routing table is at version {first.Version}, behind the {since} asked for: that table came from another store. Fetch the whole table from /api/v1/routing-table.");
        }

        var delta = await TableLongPoll.WaitAsync(
            publisher,
            changed,
            first,
            token => ReadAsync(source, since, max, token),
            d => d.Version > since,
            TimeSpan.FromSeconds(wait),
            time,
            ct);

        var headers = context.Response.GetTypedHeaders();
        headers.ETag = new EntityTagHeaderValue($"\"{delta.Version.ToString(CultureInfo.InvariantCulture)}\"");
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        if (delta.Version <= since)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var body = new RoutingTableDelta(
            RoutingTableDelta.CurrentFormat,
            since,
            delta.Version,
            delta.ChangedAt,
            SnapshotFactory.Fallback(delta.Cells, options.Value.Fallback),
            delta.Cells.Select(c => new CellRouteSpec(c.Id, c.Endpoint, c.State)).ToList(),
            delta.Upserts.Select(t => new TenantRouteSpec(t.Id, t.Cell, t.Epoch, t.Pinned, t.Weight)).ToList(),
            delta.Removals,
            StoreId: delta.StoreId);
        return TypedResults.Json(body, CellularJsonContext.Default.RoutingTableDelta);
    }

    private static async Task<TableDelta> ReadAsync(RoutingTableSource source, long since, int max, CancellationToken ct) =>
        await source.ReadDeltaAsync(since, max, ct)
        ?? throw new ControlPlaneException(
            ProblemKind.Gone,
            "Routing-table changes not kept",
            $"The changes after routing-table version {since} are not kept or are too many (more than {max} tenants); fetch the whole table from /api/v1/routing-table.");
}
