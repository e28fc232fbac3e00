namespace Cellular.Core.Api;

/// <summary>
/// <c>POST /api/v1/auth/console-links</c>: a one-time sign-in link for the web console. Opening
/// <see cref="Url"/> exchanges its code for a session cookie of the caller's principal and role;
/// the code works once and only until <see cref="ExpiresAt"/> (60 s). The key itself never
/// appears in a URL.
/// </summary>
/// <param name="Url">Absolute URL of <c>/console/sign-in?code=…</c> on the control plane.</param>
/// <param name="ExpiresAt">When the code stops working.</param>
public sealed record ConsoleLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>Body of <c>POST /console/session</c>: the API key or token a person pasted on the sign-in page.</summary>
/// <param name="Token">An API key (<c>cel_…</c>) or an OIDC token.</param>
public sealed record ConsoleSignInRequest(string? Token);
