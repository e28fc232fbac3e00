using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// A tenant token issuer for tests: ECDSA P-256 keys made here, a JWKS endpoint on a real
/// loopback port (which can be taken down, and whose keys can be rotated), and tokens.
/// </summary>
internal sealed class TestIssuer : IAsyncDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "cellular-router";

    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private WebApplication? _app;
    private string[] _published = [];
    private bool _down;
    private int _requests;

    public string Url { get; private set; } = "";

    public string JwksUrl => Url + "/jwks";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>While true the JWKS endpoint answers 503.</summary>
    public bool Down
    {
        get => Volatile.Read(ref _down);
        set => Volatile.Write(ref _down, value);
    }

    /// <summary>Starts the JWKS endpoint publishing key <paramref name="kid"/>.</summary>
    public static async Task<TestIssuer> StartAsync(string kid = "k1", bool down = false)
    {
        var issuer = new TestIssuer { _down = down };
        issuer.Publish(kid);
        var (app, url) = await TestServer.StartAsync(issuer.HandleAsync);
        issuer._app = app;
        issuer.Url = url;
        return issuer;
    }

    /// <summary>Publishes exactly the keys <paramref name="kids"/> (made when new).</summary>
    public void Publish(params string[] kids)
    {
        lock (_lock)
        {
            foreach (var kid in kids)
            {
                Key(kid);
            }

            _published = kids;
        }
    }

    /// <summary>The JWKS document of the published keys.</summary>
    public string Jwks()
    {
        lock (_lock)
        {
            var keys = _published.Select(kid =>
            {
                var p = _keys[kid].ExportParameters(false);
                return new Dictionary<string, string>
                {
                    ["kty"] = "EC",
                    ["crv"] = "P-256",
                    ["x"] = Base64UrlEncoder.Encode(p.Q.X),
                    ["y"] = Base64UrlEncoder.Encode(p.Q.Y),
                    ["kid"] = kid,
                    ["alg"] = "ES256",
                    ["use"] = "sig",
                };
            });
            return JsonSerializer.Serialize(new { keys });
        }
    }

    /// <summary>A token for <paramref name="tenant"/>, signed ES256 with key <paramref name="kid"/>; every claim can be spoiled.</summary>
    public string Token(string tenant, string kid = "k1", string audience = Audience, string issuer = Issuer, TimeSpan? expiresIn = null, ECDsa? signWith = null)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        ECDsa key;
        lock (_lock)
        {
            key = signWith ?? Key(kid);
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", tenant), new Claim("tenant", tenant)]),
            IssuedAt = expires.AddMinutes(-20) < now ? expires.AddMinutes(-20) : now,
            NotBefore = expires.AddMinutes(-20) < now ? expires.AddMinutes(-20) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) that is otherwise perfect.</summary>
    public static string UnsignedToken(string tenant)
    {
        var exp = TimeProvider.System.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds();
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        return Part("""{"alg":"none","typ":"JWT","kid":"k1"}""") + "." + Part($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","tenant":"{{tenant}}","exp":{{exp}}}""") + ".";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    private ECDsa Key(string kid)
    {
        if (!_keys.TryGetValue(kid, out var key))
        {
            key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            _keys[kid] = key;
        }

        return key;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Down)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Jwks());
    }
}
