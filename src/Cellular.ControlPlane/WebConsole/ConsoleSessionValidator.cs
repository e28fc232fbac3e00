using Cellular.ControlPlane.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>
/// Ends a console session at its next request once the API key it was opened with is revoked or
/// expired: revoking a key takes the console away from its holder too.
/// </summary>
internal sealed class ConsoleSessionValidator(IStoreDatabase database, KeyStore keys, TimeProvider time)
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.FindFirst(ConsoleAuthentication.KeyIdClaim)?.Value is not { } keyId)
        {
            return;
        }

        var key = await database.ReadAsync(tx => keys.GetAsync(tx, keyId), context.HttpContext.RequestAborted);
        if (key is null || key.RevokedAt is not null || key.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleAuthentication.SchemeName);
        }
    }
}
