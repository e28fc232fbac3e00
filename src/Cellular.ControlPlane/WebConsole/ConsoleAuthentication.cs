namespace Cellular.ControlPlane.WebConsole;

/// <summary>Names shared by the console's sign-in, its session cookie and the CSRF guard.</summary>
public static class ConsoleAuthentication
{
    /// <summary>The cookie authentication scheme of console sessions.</summary>
    public const string SchemeName = "Console";

    /// <summary>The session cookie: HttpOnly, SameSite=Strict; it holds a reference to a server-side session, never a key.</summary>
    public const string CookieName = "cellular_session";

    /// <summary>
    /// Header every cookie-authenticated request other than GET/HEAD must carry. A cross-site page
    /// cannot add it without a CORS preflight this server never grants, so a forged form post fails.
    /// </summary>
    public const string CsrfHeader = "X-Cellular-Console";

    /// <summary>The claim holding the API key id a session was opened with (its revocation ends the session).</summary>
    public const string KeyIdClaim = "cellular:key-id";
}
