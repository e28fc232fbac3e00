using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Publishing;
using Microsoft.Net.Http.Headers;

namespace Cellular.ControlPlane.Apis;

/// <summary>
/// <c>/api/v1/routing-table</c>: the full snapshot with an ETag, and the long poll routers use
/// to hear about the next version without asking again and again.
/// </summary>
internal static class RoutingTableApi
{
    public const int MaxWaitSeconds = 60;

    public static RouteGroupBuilder MapRoutingTableApi(this RouteGroupBuilder api)
    {
        api.MapGet("/routing-table", GetAsync).WithTags("routing-table").RequireAuthorization(AuthPolicies.TableReader);
        api.MapGet("/routing-table/delta", RoutingTableDeltaApi.GetAsync).WithTags("routing-table").RequireAuthorization(AuthPolicies.TableReader);
        return api;
    }

    private static async Task<IResult> GetAsync(HttpContext context, RoutingTablePublisher publisher, TimeProvider time, CancellationToken ct)
    {
        var request = context.Request;
        var since = QueryValues.Long(request, "since", 0, long.MaxValue);
        var wait = QueryValues.Int(request, "wait", 0, MaxWaitSeconds);
        if (wait is not null && since is null)
        {
            throw ControlPlaneException.BadRequest("The query parameter 'wait' needs 'since': the table version you already have.");
        }

        // Taken before reading the table, so a version committed in between still wakes us.
        var changed = publisher.Changed;
        var table = await publisher.GetCurrentAsync(ct);
        if (since is null)
        {
            return Matches(request, table) ? NotModified(context, table) : Table(context, table);
        }

        table = await TableLongPoll.WaitAsync(
            publisher,
            changed,
            table,
            async token => await publisher.GetCurrentAsync(token),
            t => t.Version > since,
            TimeSpan.FromSeconds(wait ?? 0),
            time,
            ct);
        return table.Version > since ? Table(context, table) : NotModified(context, table);
    }

    private static bool Matches(HttpRequest request, PublishedTable table)
    {
        var tags = request.GetTypedHeaders().IfNoneMatch;
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(table.ETag, useStrongComparison: false));
    }

    private static IResult Table(HttpContext context, PublishedTable table)
    {
        SetHeaders(context, table);
        return TypedResults.Bytes(table.Json, "application/json");
    }

    private static IResult NotModified(HttpContext context, PublishedTable table)
    {
        SetHeaders(context, table);
        return TypedResults.StatusCode(StatusCodes.Status304NotModified);
    }

    private static void SetHeaders(HttpContext context, PublishedTable table)
    {
        var headers = context.Response.GetTypedHeaders();
        headers.ETag = table.ETag;
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
    }
}
