using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Http;
using Cellular.Core.Api;
using Cellular.Core.Http;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>
/// The console's pages and sign-in: <c>GET /</c>, <c>POST /console/session</c>,
/// <c>GET /console/sign-in?code=</c>, <c>POST /console/sign-out</c>, and
/// <c>POST /api/v1/auth/console-links</c>. The data the console shows comes from <c>/api/v1</c>.
/// </summary>
internal static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        endpoints.MapGet("/", ServeRootAsync).AllowAnonymous().ExcludeFromDescription();
        var console = endpoints.MapGroup("/console").AllowAnonymous().ExcludeFromDescription();
        console.MapPost("/session", OpenSessionAsync);
        console.MapGet("/sign-in", RedeemLinkAsync);
        console.MapPost("/sign-out", SignOutAsync);
        api.MapPost("/auth/console-links", CreateLinkAsync).WithTags("auth").RequireAuthorization(AuthPolicies.ReadOnly);
        return endpoints;
    }

    /// <summary>The console for a session (or any principal that may read); the sign-in page for everyone else.</summary>
    private static Task ServeRootAsync(HttpContext context, ConsoleAssets assets)
    {
        var signedIn = context.User.Identity?.IsAuthenticated == true && ConsolePrincipal.From(context.User) is not null;
        return assets.WritePageAsync(context, signedIn ? ConsoleAssets.AppPage : ConsoleAssets.SignInPage);
    }

    private static async Task<NoContent> OpenSessionAsync(HttpContext context, ConsoleSignIn signIn, CancellationToken ct)
    {
        // Login CSRF: a page elsewhere must not sign this browser in to someone else's session.
        if (context.Request.Headers[ConsoleAuthentication.CsrfHeader] != "1")
        {
            throw await signIn.RefuseAsync(
                context,
                ProblemKind.Forbidden,
                "Forbidden",
                $"Sign in from the console's page: the request must carry the header {ConsoleAuthentication.CsrfHeader}: 1.");
        }

        var body = await JsonBody.ReadAsync(context.Request, CellularJsonContext.Default.ConsoleSignInRequest, ct);
        var principal = await signIn.ValidateAsync(context, body.Token);
        await signIn.SignInAsync(context, principal, "key");
        ConsoleAssets.AddSecurityHeaders(context.Response);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.NoContent();
    }

    private static async Task<RedirectHttpResult> RedeemLinkAsync(HttpContext context, ConsoleLinks links, ConsoleSignIn signIn)
    {
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-store";
        var user = links.Redeem(context.Request.Query["code"].ToString());
        if (user is null)
        {
            await signIn.RefuseAsync(context, ProblemKind.Unauthorized, "Sign-in refused", "The sign-in link is unknown, used already or expired.");
            return TypedResults.Redirect("/?error=link");
        }

        await signIn.SignInAsync(context, user, "link");
        return TypedResults.Redirect("/");
    }

    private static async Task<NoContent> SignOutAsync(HttpContext context, ConsoleSignIn signIn)
    {
        await signIn.SignOutAsync(context);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.NoContent();
    }

    private static async Task<Created<ConsoleLink>> CreateLinkAsync(HttpContext context, ConsoleLinks links, ConsoleSignIn signIn)
    {
        var principal = ConsolePrincipal.From(context.User)
            ?? throw new ControlPlaneException(ProblemKind.Forbidden, "Forbidden", "A Router key cannot sign in to the console.");
        var (code, expiresAt) = links.Create(principal);
        var request = context.Request;
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/console/sign-in?code={code}";
        await signIn.AuditLinkAsync(Actor.From(request), expiresAt);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created((string?)null, new ConsoleLink(url, expiresAt));
    }
}
