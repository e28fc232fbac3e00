using Cellular.ControlPlane.Store;
using Cellular.Core.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// Answers refused requests as problem+json (401 with <c>WWW-Authenticate: Bearer</c>, or 403)
/// and audits each as <c>auth.denied</c>, rate-limited by <see cref="DeniedAttemptLimiter"/>.
/// </summary>
internal sealed partial class ProblemAuthorizationResultHandler(
    IStoreDatabase database,
    AuditStore auditStore,
    DeniedAttemptLimiter limiter,
    ILogger<ProblemAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    /// <summary>The audit action of denied attempts.</summary>
    public const string DeniedAction = "auth.denied";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        int status;
        string title;
        string reason;
        if (authorizeResult.Challenged)
        {
            await context.ChallengeAsync();
            status = StatusCodes.Status401Unauthorized;
            title = "Unauthorized";
            // Handlers cache their result per request, so this asks nobody twice.
            var authentication = await context.AuthenticateAsync();
            reason = authentication.Failure is { } failure ? Reason(failure) : "No credential: send Authorization: Bearer <token>.";
            if (!context.Response.Headers.ContainsKey("WWW-Authenticate"))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
        }
        else
        {
            status = StatusCodes.Status403Forbidden;
            title = "Forbidden";
            var role = context.User.Identities.Select(i => i.FindFirst(i.RoleClaimType)?.Value).FirstOrDefault(r => r is not null) ?? "none";
            reason = $"The role {role} may not {context.Request.Method} {context.Request.Path}.";
        }

        var actor = Http.Actor.From(context.Request);
        await AuditAsync(context, actor, status, reason);
        Log.Denied(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, status, actor);

        await ProblemJson.WriteAsync(context, status, title, reason);
    }

    /// <summary>Why a credential failed, in one short sentence; token validation messages can be long.</summary>
    private static string Reason(Exception failure)
    {
        var message = failure switch
        {
            Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "The token has expired.",
            Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException => "The token is for another audience.",
            Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException => "The token is from another issuer.",
            Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException => "The token is signed with an unknown key.",
            Microsoft.IdentityModel.Tokens.SecurityTokenInvalidSignatureException => "The token has a bad signature.",
            Microsoft.IdentityModel.Tokens.SecurityTokenException => "The token is not valid.",
            _ => failure.Message,
        };
        return message.Length <= 200 ? message : message[..200];
    }

    private async Task AuditAsync(HttpContext context, string actor, int status, string reason)
    {
        if (!limiter.TryTake(out var suppressed))
        {
            return;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        if (path.Length > 256)
        {
            path = path[..256];
        }

        var detail = AuditDetail.Of(("method", context.Request.Method), ("path", path), ("status", status), ("reason", reason), ("suppressed", suppressed));
        await database.WriteAsync(tx => auditStore.AppendAsync(tx, actor, DeniedAction, path.TrimStart('/'), detail), CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.AccessDenied, LogLevel.Information, "Denied {method} {path} ({status}) to {actor}")]
        public static partial void Denied(ILogger logger, string method, string path, int status, string actor);
    }
}
