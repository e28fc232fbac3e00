using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Cellular.ControlPlane.Errors;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>
/// One-time sign-in codes for <c>cellctl console</c>: a code stands for the principal that asked
/// for it, works once, and only for <see cref="ConsoleOptions.LinkLifetime"/>. The code, not the
/// key, travels in the URL, so a link that leaks into a browser history is dead within a minute.
/// </summary>
internal sealed class ConsoleLinks(IOptions<ConsoleOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PendingLink> _pending = new(StringComparer.Ordinal);

    /// <summary>A new code for <paramref name="user"/> and when it stops working.</summary>
    /// <exception cref="ControlPlaneException">Too many unused links are pending (429).</exception>
    public (string Code, DateTimeOffset ExpiresAt) Create(ClaimsPrincipal user)
    {
        var now = time.GetUtcNow();
        foreach (var (code, link) in _pending)
        {
            if (link.ExpiresAt <= now)
            {
                _pending.TryRemove(code, out _);
            }
        }

        if (_pending.Count >= options.Value.MaxPendingLinks)
        {
            throw new ControlPlaneException(
                ProblemKind.TooManyRequests,
                "Too many sign-in links",
                $"{_pending.Count} unused sign-in links are pending; each expires {options.Value.LinkLifetime.TotalSeconds:0} s after it was made. Try again shortly.");
        }

        var newCode = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var expiresAt = now + options.Value.LinkLifetime;
        _pending[newCode] = new PendingLink(user, expiresAt);
        return (newCode, expiresAt);
    }

    /// <summary>The principal of <paramref name="code"/>, once: null when unknown, used or expired.</summary>
    public ClaimsPrincipal? Redeem(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 100 || !_pending.TryRemove(code, out var link))
        {
            return null;
        }

        return link.ExpiresAt > time.GetUtcNow() ? link.User : null;
    }

    private sealed record PendingLink(ClaimsPrincipal User, DateTimeOffset ExpiresAt);
}
