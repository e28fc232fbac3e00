using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>
/// Console sessions, kept in this process: the cookie carries only a random reference, so signing
/// out ends the session on the server too (a copied cookie stops working), and the number of
/// sessions is bounded (the least recently used one goes first). A restart ends every session;
/// <c>cellctl console</c> signs in again in one step.
/// </summary>
internal sealed class ConsoleSessionStore(IOptions<ConsoleOptions> options, TimeProvider time) : ITicketStore
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>Sessions open now.</summary>
    public int Count => _sessions.Count;

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        _sessions[key] = new Session(ticket, time.GetUtcNow());
        TrimToLimit();
        return Task.FromResult(key);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        if (_sessions.ContainsKey(key))
        {
            _sessions[key] = new Session(ticket, time.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!_sessions.TryGetValue(key, out var session))
        {
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        var now = time.GetUtcNow();
        if (now - session.LastUsed > options.Value.SessionIdleTimeout)
        {
            _sessions.TryRemove(key, out _);
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        session.LastUsed = now;
        return Task.FromResult<AuthenticationTicket?>(session.Ticket);
    }

    public Task RemoveAsync(string key)
    {
        _sessions.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private void TrimToLimit()
    {
        var max = options.Value.MaxSessions;
        while (_sessions.Count > max)
        {
            var oldest = _sessions.MinBy(p => p.Value.LastUsed);
            if (oldest.Key is null || !_sessions.TryRemove(oldest.Key, out _))
            {
                return;
            }
        }
    }

    private sealed class Session(AuthenticationTicket ticket, DateTimeOffset lastUsed)
    {
        public AuthenticationTicket Ticket { get; } = ticket;

        public DateTimeOffset LastUsed { get; set; } = lastUsed;
    }
}
