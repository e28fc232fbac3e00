using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer cel_…</c> API keys. No header is no result (the
/// authorization step then challenges); a bad, revoked or expired key fails with a reason.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The claim saying how the principal authenticated: <c>api-key</c> or <c>jwt</c>.</summary>
    public const string KindClaim = "cellular:kind";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var (key, failure) = await keys.AuthenticateAsync(token, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail(failure ?? "The API key is not valid.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role.ToString()), new Claim(KindClaim, "api-key"), new Claim(WebConsole.ConsoleAuthentication.KeyIdClaim, key.Id)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
