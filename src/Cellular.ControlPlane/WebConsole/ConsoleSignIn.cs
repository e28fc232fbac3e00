using System.Security.Claims;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>
/// Opens console sessions: checks a pasted key or token exactly as the API would (API key, or
/// OIDC JWT when configured), refuses Router keys, and audits every sign-in and refusal.
/// </summary>
internal sealed partial class ConsoleSignIn(
    ApiKeyService keys,
    IStoreDatabase database,
    AuditStore auditStore,
    DeniedAttemptLimiter limiter,
    IOptions<ControlPlaneAuthOptions> auth,
    TimeProvider time,
    ILogger<ConsoleSignIn> logger)
{
    /// <summary>Audit action of a session opened.</summary>
    public const string SignInAction = "auth.console.sign-in";

    /// <summary>Audit action of a session ended by its user.</summary>
    public const string SignOutAction = "auth.console.sign-out";

    /// <summary>Audit action of a one-time link made.</summary>
    public const string LinkAction = "auth.console-link.create";

    /// <summary>The session principal <paramref name="token"/> proves.</summary>
    /// <exception cref="ControlPlaneException">401 the token is not valid; 403 a Router key.</exception>
    public async Task<ClaimsPrincipal> ValidateAsync(HttpContext context, string? token)
    {
        token = token?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            throw await RefuseAsync(context, ProblemKind.BadRequest, "No key", "Paste an API key (cel_…) or a token to sign in.");
        }

        ClaimsPrincipal user;
        if (token.StartsWith(ApiKeyToken.Prefix, StringComparison.Ordinal) || !auth.Value.Oidc.Enabled)
        {
            var (key, failure) = await keys.AuthenticateAsync(token, context.RequestAborted);
            if (key is null)
            {
                throw await RefuseAsync(context, ProblemKind.Unauthorized, "Sign-in refused", failure ?? "The API key is not valid.");
            }

            user = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.Name, key.Name),
                    new Claim(ClaimTypes.Role, key.Role.ToString()),
                    new Claim(ApiKeyAuthenticationHandler.KindClaim, "api-key"),
                    new Claim(ConsoleAuthentication.KeyIdClaim, key.Id),
                ],
                ApiKeyAuthenticationHandler.SchemeName));
        }
        else
        {
            // The OIDC handler reads the Authorization header; it has not run for this request
            // (no header came), so it validates this token afresh with the API's own settings.
            context.Request.Headers.Authorization = "Bearer " + token;
            var result = await context.AuthenticateAsync(AuthServiceCollectionExtensions.OidcScheme);
            context.Request.Headers.Authorization = default;
            if (!result.Succeeded || result.Principal is null)
            {
                throw await RefuseAsync(context, ProblemKind.Unauthorized, "Sign-in refused", "The token is not valid for this control plane.");
            }

            user = result.Principal;
        }

        return ConsolePrincipal.From(user)
            ?? throw await RefuseAsync(context, ProblemKind.Forbidden, "Sign-in refused", "A Router key cannot sign in to the console; use a ReadOnly, CellOperator or Admin key.");
    }

    /// <summary>Sets the session cookie for <paramref name="principal"/> and audits it.</summary>
    public async Task SignInAsync(HttpContext context, ClaimsPrincipal principal, string via)
    {
        var expiresAt = ConsolePrincipal.ExpiresAt(principal);
        var properties = new AuthenticationProperties
        {
            IsPersistent = false,
            IssuedUtc = time.GetUtcNow(),

            // A session opened with a JWT ends with the token; key sessions slide.
            ExpiresUtc = expiresAt,
            AllowRefresh = expiresAt is null,
        };
        await context.SignInAsync(ConsoleAuthentication.SchemeName, principal, properties);
        var name = principal.Identity?.Name ?? Http.Actor.Anonymous;
        await database.WriteAsync(tx => auditStore.AppendAsync(tx, name, SignInAction, "console", AuditDetail.Of(("via", via), ("role", principal.FindFirst(ClaimTypes.Role)?.Value ?? "none"))), CancellationToken.None);
        Log.SignedIn(logger, name, via);
    }

    /// <summary>Ends the caller's session (server side too) and audits it when there was one.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        var name = context.User.Identity is { AuthenticationType: ConsoleAuthentication.SchemeName, IsAuthenticated: true } identity ? identity.Name : null;
        await context.SignOutAsync(ConsoleAuthentication.SchemeName);
        if (name is not null)
        {
            await database.WriteAsync(tx => auditStore.AppendAsync(tx, name, SignOutAction, "console", null), CancellationToken.None);
        }
    }

    /// <summary>Audits a made link (never the code).</summary>
    public Task AuditLinkAsync(string actor, DateTimeOffset expiresAt) =>
        database.WriteAsync(tx => auditStore.AppendAsync(tx, actor, LinkAction, "console", AuditDetail.Of(("expiresAt", expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))), CancellationToken.None);

    /// <summary>Audits a refused sign-in (rate-limited like every denied attempt) and returns the error to throw.</summary>
    public async Task<ControlPlaneException> RefuseAsync(HttpContext context, ProblemKind kind, string title, string reason)
    {
        if (limiter.TryTake(out var suppressed))
        {
            var path = context.Request.Path.Value ?? string.Empty;
            var detail = AuditDetail.Of(("method", context.Request.Method), ("path", path), ("status", (int)kind), ("reason", reason), ("suppressed", suppressed));
            await database.WriteAsync(tx => auditStore.AppendAsync(tx, Http.Actor.Anonymous, ProblemAuthorizationResultHandler.DeniedAction, path.TrimStart('/'), detail), CancellationToken.None);
        }

        Log.Refused(logger, (int)kind, reason);
        return new ControlPlaneException(kind, title, reason);
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.ConsoleSignIn, LogLevel.Information, "Console session opened for {actor} via {via}")]
        public static partial void SignedIn(ILogger logger, string actor, string via);

        [LoggerMessage(Logging.EventIds.ConsoleSignInRefused, LogLevel.Information, "Console sign-in refused ({status}): {reason}")]
        public static partial void Refused(ILogger logger, int status, string reason);
    }
}
