using System.Globalization;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Router.Containment;
using Cellular.Router.Health;
using Cellular.Router.Routing;
using Cellular.Router.Security;
using Cellular.Router.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.Router.Apis;

/// <summary>The router's own endpoints under <c>/_router</c>: health, limits and request statistics.</summary>
internal static class RouterApi
{
    /// <summary>The prefix of the router's own endpoints; no tenant request under it is routed.</summary>
    public const string Prefix = "/_router";

    /// <summary>Maps <c>GET /_router/health</c>, <c>/_router/limits</c> and <c>/_router/stats</c>.</summary>
    public static RouteGroupBuilder MapRouterApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithDisplayName("Cellular router API");
        group.MapGet("/health", GetHealth).WithDisplayName("Cellular router health");
        group.MapGet("/limits", GetLimits).WithDisplayName("Cellular router limits").AddEndpointFilter(RequireAdmin);
        group.MapGet("/stats", GetStats).WithDisplayName("Cellular router stats").AddEndpointFilter(RequireAdmin);
        return group;
    }

    /// <summary>Stats and limits name tenants: with an admin token configured, only its holder reads them.</summary>
    private static ValueTask<object?> RequireAdmin(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.RequestServices.GetRequiredService<RouterAdminCredential>().Allows(http.Request))
        {
            return next(context);
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            $"{http.Request.Path} names tenants; it wants the router's admin token (Cellular:Router:AdminToken) as 'Authorization: Bearer'.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthenticated"));
    }

    private static JsonHttpResult<RouterHealth> GetHealth(RouterHealthReporter health) =>
        TypedResults.Json(health.Report(), CellularJsonContext.Default.RouterHealth);

    private static JsonHttpResult<RouterLimits> GetLimits(LimitsReporter limits) =>
        TypedResults.Json(limits.Report(), CellularJsonContext.Default.RouterLimits);

    private static Results<JsonHttpResult<RouterStats>, ProblemHttpResult> GetStats(string? from, string? to, StatsRecorder stats, RoutingTableHolder holder)
    {
        if (!TryParseMilliseconds(from, out var fromMs) || !TryParseMilliseconds(to, out var toMs))
        {
            return TypedResults.Problem(
                "'from' and 'to' are Unix times in milliseconds, e.g. from=1735732800000; leave both out for the last 10 seconds.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Bad stats range");
        }

        if (fromMs > toMs)
        {
            return TypedResults.Problem(
                $"'from' ({fromMs}) is after 'to' ({toMs}).",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Bad stats range");
        }

        return TypedResults.Json(stats.Report(fromMs, toMs, holder.State.Table), CellularJsonContext.Default.RouterStats);
    }

    private static bool TryParseMilliseconds(string? value, out long? milliseconds)
    {
        milliseconds = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            milliseconds = parsed;
            return true;
        }

        return false;
    }
}
