using Cellular.Core.Model;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellular.Router.Security;

/// <summary>
/// Checks the bearer token of a tenant request (<see cref="TenantAuthOptions"/>): signature under
/// a key of the issuer's key set, an allowed asymmetric algorithm (never <c>HS*</c> or <c>none</c>), issuer, audience,
/// lifetime within the clock skew, and a valid tenant id in the tenant claim. A token seen before
/// is answered from <see cref="TenantTokenCache"/> (one SHA-256, no validation, no allocation) until it
/// expires; only a token not seen before is validated in full.
/// </summary>
internal sealed class TenantAuthenticator
{
    private const string BearerPrefix = "Bearer ";

    private readonly TenantAuthOptions _options;
    private readonly TenantJwksSource _jwks;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly string[] _algorithms;
    private TenantTokenCache _cache;

    /// <summary>Creates the authenticator.</summary>
    public TenantAuthenticator(IOptions<RouterOptions> options, TenantJwksSource jwks, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.TenantAuth;
        _jwks = jwks;
        _time = time;
        Enabled = _options.Mode == TenantAuthMode.Jwt;
        _algorithms = [.. (_options.Algorithms is { Length: > 0 } a ? a : TenantAuthOptions.DefaultAlgorithms).Where(TenantAuthOptions.IsAllowedAlgorithm)];
        _cache = new TenantTokenCache(_options.CacheSize, 0);
    }

    /// <summary>Whether requests need a token at all.</summary>
    public bool Enabled { get; }

    /// <summary>Authenticates <paramref name="request"/>: synchronous for a cached token.</summary>
    public ValueTask<TenantAuthResult> AuthenticateAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization;
        if (authorization.Count != 1 || authorization[0] is not { } header || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new(authorization.Count > 1 ? TenantAuthResult.Invalid("More than one Authorization header.") : new TenantAuthResult(TenantAuthStatus.Missing, null, null));
        }

        var token = header[BearerPrefix.Length..].Trim();
        return AuthenticateTokenAsync(token);
    }

    /// <summary>Authenticates one token (the part after <c>Bearer </c>).</summary>
    public ValueTask<TenantAuthResult> AuthenticateTokenAsync(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var keys = _jwks.Current;
        if (keys is null)
        {
            return new(new TenantAuthResult(TenantAuthStatus.NoKeys, null, null));
        }

        if (token.Length is 0 or > 16 * 1024)
        {
            return new(TenantAuthResult.Invalid("The token is empty or too long."));
        }

        var cache = Volatile.Read(ref _cache);
        if (cache.KeysVersion != keys.Version)
        {
            // New keys: what the old ones vouched for is checked again.
            cache = new TenantTokenCache(_options.CacheSize, keys.Version);
            Volatile.Write(ref _cache, cache);
        }

        var hash = TenantTokenCache.Hash(token);
        if (cache.TryGet(hash, _time.GetUtcNow().ToUnixTimeMilliseconds(), out var tenant))
        {
            return new(TenantAuthResult.Valid(tenant));
        }

        return ValidateAsync(token, hash, keys, cache);
    }

    private async ValueTask<TenantAuthResult> ValidateAsync(string token, TokenHash hash, TenantSigningKeys keys, TenantTokenCache cache)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return TenantAuthResult.Invalid("The token is not a well-formed JWT.");
        }

        if (string.IsNullOrEmpty(jwt.Alg) || string.Equals(jwt.Alg, "none", StringComparison.OrdinalIgnoreCase) || !_algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return TenantAuthResult.Invalid($"The token's algorithm is not one of {string.Join(", ", _algorithms)}.");
        }

        if (!string.IsNullOrEmpty(jwt.Kid) && !keys.KeyIds.Contains(jwt.Kid))
        {
            _jwks.RequestRefresh();
            return TenantAuthResult.Invalid("The token is signed with an unknown key (kid).");
        }

        if (CheckLifetime(jwt) is { } lifetimeError)
        {
            return TenantAuthResult.Invalid(lifetimeError);
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            // Checked above with the router's clock.
            ValidateLifetime = false,
            RequireSignedTokens = true,
            ValidAlgorithms = _algorithms,
            ClockSkew = _options.ClockSkew,
            IssuerSigningKeys = keys.Keys,
            TryAllIssuerSigningKeys = string.IsNullOrEmpty(jwt.Kid),
        };

        var result = await _handler.ValidateTokenAsync(jwt, parameters);
        if (!result.IsValid)
        {
            return TenantAuthResult.Invalid(Describe(result.Exception));
        }

        if (!jwt.TryGetPayloadValue<string>(_options.TenantClaim, out var tenant) || !Ids.IsValidTenantId(tenant))
        {
            return TenantAuthResult.Invalid($"The token's '{_options.TenantClaim}' claim is missing or not a valid tenant id.");
        }

        cache.Add(hash, tenant, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero).ToUnixTimeMilliseconds());
        return TenantAuthResult.Valid(tenant);
    }

    private string? CheckLifetime(JsonWebToken jwt)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo == DateTime.MinValue)
        {
            return "The token has no expiry.";
        }

        if (jwt.ValidTo + _options.ClockSkew <= now)
        {
            return "The token expired.";
        }

        return jwt.ValidFrom != DateTime.MinValue && jwt.ValidFrom - _options.ClockSkew > now ? "The token is not valid yet." : null;
    }

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenExpiredException => "The token expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenInvalidAudienceException => "The token is for another audience.",
        SecurityTokenInvalidIssuerException => "The token is from another issuer.",
        SecurityTokenInvalidAlgorithmException => "The token's algorithm is not allowed.",
        SecurityTokenSignatureKeyNotFoundException => "The token is signed with an unknown key.",
        SecurityTokenInvalidSignatureException => "The token's signature is not valid.",
        _ => "The token is not valid.",
    };
}
