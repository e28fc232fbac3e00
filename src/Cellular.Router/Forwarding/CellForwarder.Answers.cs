using Cellular.Core;
using Cellular.Core.Http;
using Cellular.Core.Routing;
using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Routing;
using Cellular.Router.Security;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding;

// The router's own answers: problem+json, with retry and cell headers where they apply.
internal sealed partial class CellForwarder
{
    // A cutover takes moments: a client whose tenant is moving may come back soon.
    private static readonly TimeSpan MovingRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan NotAnsweringRetryAfter = TimeSpan.FromSeconds(1);

    private async Task CellNotAnsweringAsync(HttpContext context, ForwarderError error, CellConnection connection, string routeHeader)
    {
        if (connection.ShouldLogFailure(_time.GetTimestamp(), _logInterval))
        {
            Log.CellNotAnswering(_logger, connection.CellId, connection.Endpoint, error, context.GetForwarderErrorFeature()?.Exception);
        }

        if (context.Response.HasStarted)
        {
            // Part of the cell's answer is already on the wire; the only honest thing left is to cut it.
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.Headers[CellularHeaders.CellId] = connection.CellId;
        context.Response.Headers[CellularHeaders.CellRoute] = routeHeader;
        if (context.GetForwarderErrorFeature()?.Exception is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } invalid)
        {
            // The cell answered, but not in HTTP the router accepts (framing it cannot trust): a bad gateway, not a silent cell.
            await ProblemJson.WriteAsync(
                context,
                StatusCodes.Status502BadGateway,
                "Bad response from cell",
                $"Cell {connection.CellId} sent a response the router does not accept: {invalid.Message}",
                cell: connection.CellId);
            return;
        }

        await ProblemJson.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Cell not answering",
            $"Cell {connection.CellId} is not answering ({error}); retry shortly.",
            cell: connection.CellId,
            retryAfter: NotAnsweringRetryAfter);
    }

    /// <summary>
    /// YARP could not forward the request for a reason that is not the cell's (a request it
    /// cannot make, a client body that failed): its bare status becomes problem+json.
    /// </summary>
    private static Task ForwardingFailedAsync(HttpContext context, ForwarderError error, string cellId, string routeHeader)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var status = context.Response.StatusCode is >= 400 and < 600 ? context.Response.StatusCode : StatusCodes.Status502BadGateway;
        context.Response.Clear();
        SetCellHeaders(context, cellId, routeHeader);
        return ProblemJson.WriteAsync(context, status, status < 500 ? "Bad request" : "Cannot forward", $"The request could not be forwarded to cell {cellId} ({error}).", cell: cellId);
    }

    private static Task UnauthorizedAsync(HttpContext context, TenantAuthResult auth)
    {
        var missing = auth.Status == TenantAuthStatus.Missing;
        context.Response.Headers.WWWAuthenticate = missing
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{auth.Error}\"";
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status401Unauthorized,
            missing ? "Token required" : "Invalid token",
            missing ? "Tenant requests need Authorization: Bearer with a token from the tenant issuer." : auth.Error!);
    }

    private static Task ForbiddenAsync(HttpContext context, TenantKey key, string tokenTenant) =>
        ProblemJson.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            "Tenant mismatch",
            $"The request names tenant '{key.ToString()}', but its token is for tenant '{tokenTenant}'.",
            key.ToString());

    private Task NoTokenKeysAsync(HttpContext context) => ProblemJson.WriteAsync(
        context,
        StatusCodes.Status503ServiceUnavailable,
        "Token keys unavailable",
        "The router has not loaded the tenant token issuer's keys yet, so it cannot check tokens; retry shortly.",
        retryAfter: _notServingRetryAfter);

    private Task NotFoundAsync(HttpContext context, TenantKey key, RoutingTable table)
    {
        var tenant = key.ToString();
        if (table.Version == 0)
        {
            return ProblemJson.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                "No routing table",
                "The router has no routing table yet: it has none on disk and has not reached the control plane.",
                tenant,
                retryAfter: _notServingRetryAfter);
        }

        context.Response.Headers[CellularHeaders.CellRoute] = table.RouteHeader(RouteRule.None);
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status404NotFound,
            "Unknown tenant",
            $"Tenant '{tenant}' is not in routing table version {table.Version}.",
            tenant);
    }

    private Task NotServingAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, RouteCell cell)
    {
        SetCellHeaders(context, cell.Id, table.RouteHeader(route.Rule));
        var why = cell.Endpoint is null ? "has no endpoint yet" : $"is {cell.State}";
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Cell not serving",
            $"Cell {cell.Id}, which holds tenant '{key.ToString()}', {why} and does not serve requests; retry later.",
            key.ToString(),
            cell.Id,
            _notServingRetryAfter);
    }

    private static Task NoSigningKeyAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, RouteCell cell)
    {
        SetCellHeaders(context, cell.Id, table.RouteHeader(route.Rule));
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "No signing key",
            $"No signing key for cell {cell.Id} yet: the router has not received its assertion key from the control plane; retry shortly.",
            key.ToString(),
            cell.Id,
            NotAnsweringRetryAfter);
    }

    private static Task CircuitOpenAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, CellGuard guard, TimeSpan wait)
    {
        SetCellHeaders(context, guard.CellId, table.RouteHeader(route.Rule));
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Cell circuit open",
            $"Cell {guard.CellId}, which holds tenant '{key.ToString()}', is failing; its requests fail fast until it recovers.",
            key.ToString(),
            guard.CellId,
            wait);
    }

    private static Task RateLimitedAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, CellGuard guard, TimeSpan wait)
    {
        SetCellHeaders(context, guard.CellId, table.RouteHeader(route.Rule));
        var tenant = key.ToString();
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Tenant rate limit exceeded",
            $"Tenant '{tenant}' is sending more requests than its rate limit allows; retry after Retry-After-Ms.",
            tenant,
            guard.CellId,
            wait);
    }

    private static Task ShedAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, CellGuard guard)
    {
        SetCellHeaders(context, guard.CellId, table.RouteHeader(route.Rule));
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Cell shedding load",
            guard.ShedDetail,
            key.ToString(),
            guard.CellId,
            ShedRetryAfter);
    }

    /// <summary>The tenant is between cells and this request cannot be sent to the new one: 503, try again soon.</summary>
    private static Task MovingAsync(HttpContext context, RoutedRequest routed, string why)
    {
        SetCellHeaders(context, routed.CellId, routed.RouteHeader);
        return ProblemJson.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Tenant moving",
            $"Tenant '{routed.TenantKey}' is moving; try again. {why}",
            routed.TenantKey,
            routed.CellId,
            MovingRetryAfter);
    }

    private static void SetCellHeaders(HttpContext context, string cellId, string routeHeader)
    {
        var headers = context.Response.Headers;
        headers[CellularHeaders.CellId] = cellId;
        headers[CellularHeaders.CellRoute] = routeHeader;
    }
}
