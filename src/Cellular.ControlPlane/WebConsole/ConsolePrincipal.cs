using System.Globalization;
using System.Security.Claims;
using Cellular.ControlPlane.Auth;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>
/// The principal of a console session: the same name and role as the key or token it was opened
/// with (so the audit names the same actor and the same policies apply), plus the key id to
/// end the session when that key is revoked.
/// </summary>
internal static class ConsolePrincipal
{
    /// <summary>A session principal for an authenticated API caller, or null when its role may not use the console (Router).</summary>
    public static ClaimsPrincipal? From(ClaimsPrincipal user)
    {
        var who = AuthService.WhoAmI(user);
        if (who.Role == ApiRole.Router)
        {
            return null;
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, who.Name),
            new(ClaimTypes.Role, who.Role.ToString()),
            new(ApiKeyAuthenticationHandler.KindClaim, who.Kind),
        };
        if (user.FindFirst(ConsoleAuthentication.KeyIdClaim)?.Value is { } keyId)
        {
            claims.Add(new Claim(ConsoleAuthentication.KeyIdClaim, keyId));
        }

        if (ExpiresAt(user) is { } expires)
        {
            claims.Add(new Claim("exp", expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuthentication.SchemeName));
    }

    /// <summary>When the credential behind <paramref name="user"/> stops working (a JWT's <c>exp</c>), if it says.</summary>
    public static DateTimeOffset? ExpiresAt(ClaimsPrincipal user) =>
        user.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
