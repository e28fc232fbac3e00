using Cellular.Cell.Internal;
using Cellular.Cell.Tenancy;
using Cellular.Core;
using Cellular.Core.Http;
using Cellular.Core.Model;
using Cellular.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Security;

/// <summary>
/// Authenticates every request before ownership, faults or the app see it. <c>/_cell/*</c> (but
/// <c>GET /_cell/health</c> and <c>GET /_cell/metrics</c>) needs the control plane's credential (<c>Authorization: Bearer cc1:…</c>)
/// made for this request's method and path and not used before: 401 when missing, bad, expired,
/// made for another request or replayed, 403 when made for another cell, 503 when the cell
/// already remembers as many unexpired credentials as it can. Every other request is a
/// tenant request and needs the router's <c>X-Cellular-Assertion</c> for this cell, tenant and
/// epoch: 401 with <c>WWW-Authenticate: CellularAssertion</c> otherwise, unless the cell is
/// configured to trust unsigned calls. Nothing it logs or answers quotes a token or the secret.
/// </summary>
internal sealed partial class CellAuthMiddleware(
    RequestDelegate next,
    CellCredentials credentials,
    TenantAssertionVerifier verifier,
    ControlCredentialReplayCache replays,
    TimeProvider timeProvider,
    ILogger<CellAuthMiddleware> logger)
{
    public const string AssertionScheme = "CellularAssertion";
    public const string ControlScheme = "Bearer";
    public const string UnauthenticatedTitle = "Unauthenticated";
    public const string ForbiddenTitle = "Forbidden";

    private static readonly PathString HealthPath = CellularEndpointRouteBuilderExtensions.Prefix + "/health";

    // Aggregates of the cell's own requests (no tenant in any label): as open as health, so
    // Prometheus scrapes it without the control plane's per-call credential.
    private static readonly PathString MetricsPath = CellularEndpointRouteBuilderExtensions.Prefix + "/metrics";

    public Task InvokeAsync(HttpContext context) =>
        CellPaths.IsCellContract(context.Request.Path) ? CheckControlAsync(context) : CheckTenantAsync(context);

    private Task CheckTenantAsync(HttpContext context)
    {
        if (!credentials.HasSecret)
        {
            // Options validation let the cell start only with AllowUnsigned.
            return next(context);
        }

        var headers = context.Request.Headers[CellularHeaders.TenantAssertion];
        string? reason;
        if (headers.Count > 1)
        {
            reason = $"The request carries {headers.Count} tenant assertions; a router sends exactly one.";
        }
        else if (headers.Count == 0 && credentials.AllowUnsigned)
        {
            return next(context);
        }
        else
        {
            reason = verifier.Verify(headers.ToString(), context.GetTenantContext());
        }

        if (reason is null)
        {
            return next(context);
        }

        LogAssertionRefused(logger, context.Request.Method, context.Request.Path.Value, reason);
        context.Response.Headers.WWWAuthenticate = AssertionScheme;
        return Problem(context, StatusCodes.Status401Unauthorized, UnauthenticatedTitle, reason);
    }

    private Task CheckControlAsync(HttpContext context)
    {
        if (credentials.ControlKey is not { } key || IsAnonymous(context.Request))
        {
            return next(context);
        }

        var request = context.Request;
        var token = BearerToken(request.Headers);
        var reason = ControlCredential.Validate(
            token, key, credentials.CellId, request.Method, (request.PathBase + request.Path).Value ?? "", timeProvider.GetUtcNow(), credentials.ClockSkew, out var credential);
        if (credential is not null)
        {
            switch (replays.TryAccept(credential.Id, credential.ExpiresAt + credentials.ClockSkew))
            {
                case ControlCredentialReplayCache.Outcome.Accepted:
                    return next(context);
                case ControlCredentialReplayCache.Outcome.Replayed:
                    reason = "The control plane's credential was used before; each one is good for one call.";
                    break;
                default:
                    LogControlRefused(logger, request.Method, request.Path.Value, StatusCodes.Status503ServiceUnavailable, "replay cache full");
                    context.Response.Headers.RetryAfter = "1";
                    return Problem(
                        context,
                        StatusCodes.Status503ServiceUnavailable,
                        "Too many control calls",
                        $"The cell remembers {replays.Capacity} unexpired control credentials already and takes no more until some expire.");
            }
        }

        reason ??= "The control plane's credential is not valid.";
        var status = IsForAnotherCell(token) ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        LogControlRefused(logger, context.Request.Method, context.Request.Path.Value, status, reason);
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = ControlScheme;
        }

        return Problem(
            context,
            status,
            status == StatusCodes.Status403Forbidden ? ForbiddenTitle : UnauthenticatedTitle,
            $"{reason} Only the control plane may call {CellularEndpointRouteBuilderExtensions.Prefix}/* of this cell (but health).");
    }

    private static bool IsAnonymous(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var path = request.Path.Value ?? "";
        if (path.EndsWith('/'))
        {
            path = path[..^1];
        }

        return string.Equals(path, HealthPath.Value, StringComparison.OrdinalIgnoreCase)
            || string.Equals(path, MetricsPath.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The token of exactly one <c>Authorization: Bearer …</c> header, else null.</summary>
    private static string? BearerToken(IHeaderDictionary headers)
    {
        var values = headers.Authorization;
        if (values.Count != 1 || values.ToString() is not { } value
            || !value.StartsWith(ControlScheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return value[(ControlScheme.Length + 1)..].Trim();
    }

    /// <summary>A well-formed credential naming a cell other than this one.</summary>
    private bool IsForAnotherCell(string? token)
    {
        if (token is null || !token.StartsWith(ControlCredential.Prefix + ":", StringComparison.Ordinal))
        {
            return false;
        }

        var cell = token.Split(':') is { Length: 5 } parts ? parts[1] : null;
        return Ids.IsValidCellId(cell) && !string.Equals(cell, credentials.CellId, StringComparison.Ordinal);
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        ProblemJson.WriteAsync(context, status, title, detail);
}
