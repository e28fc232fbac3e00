namespace Cellular.Router;

/// <summary>
/// Verified tenant identity at the router, bound from <c>Cellular:Router:TenantAuth</c>. In
/// <see cref="TenantAuthMode.Jwt"/> mode every tenant request needs <c>Authorization: Bearer {jwt}</c>
/// signed by a key of <see cref="JwksUrl"/> or <see cref="JwksFile"/>, from <see cref="Issuer"/>
/// for <see cref="Audience"/>; the tenant is its <see cref="TenantClaim"/>.
/// </summary>
public sealed class TenantAuthOptions
{
    /// <summary>The default algorithms: ECDSA P-256 and RSA with SHA-256.</summary>
    public static readonly IReadOnlyList<string> DefaultAlgorithms = ["ES256", "RS256"];

    /// <summary>
    /// The only algorithms <see cref="Algorithms"/> may list: asymmetric ones, so the router holds
    /// only the issuer's public keys. HMAC (<c>HS*</c>) and <c>none</c> are refused at start-up.
    /// </summary>
    public static readonly IReadOnlyList<string> AllowedAlgorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>True when <paramref name="algorithm"/> is one of <see cref="AllowedAlgorithms"/> (exact spelling).</summary>
    public static bool IsAllowedAlgorithm(string? algorithm) =>
        algorithm is not null && AllowedAlgorithms.Contains(algorithm, StringComparer.Ordinal);

    /// <summary>Whether tokens are required.</summary>
    /// <value>Defaults to <see cref="TenantAuthMode.None"/>.</value>
    public TenantAuthMode Mode { get; set; } = TenantAuthMode.None;

    /// <summary>The issuer (<c>iss</c>) tokens must come from. Required in Jwt mode.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) tokens must be for. Required in Jwt mode.</summary>
    public string? Audience { get; set; }

    /// <summary>The signing algorithms accepted: a subset of <see cref="AllowedAlgorithms"/>; <c>HS*</c> and <c>none</c> are refused at start-up.</summary>
    /// <value>Defaults to <c>ES256</c> and <c>RS256</c>.</value>
    public string[]? Algorithms { get; set; }

    /// <summary>Tolerance for clock differences when checking <c>exp</c> and <c>nbf</c> (0 to 5 minutes).</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The issuer's JSON Web Key Set URL, fetched in the background. Set this or <see cref="JwksFile"/>.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>A JSON Web Key Set file, read at start and again whenever it changes.</summary>
    public string? JwksFile { get; set; }

    /// <summary>How often the key set is fetched (or the file checked) again (1 second to 1 day).</summary>
    /// <value>Defaults to 5 minutes.</value>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two fetches caused by tokens with an unknown <c>kid</c> (rate limit).</summary>
    /// <value>Defaults to 10 seconds.</value>
    public TimeSpan JwksMinRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The claim that names the tenant.</summary>
    /// <value>Defaults to <c>tenant</c>.</value>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>How many validated tokens are remembered (by SHA-256 of the token, until they expire); rounded up to a power of two, 0 turns the cache off.</summary>
    /// <value>Defaults to 16384.</value>
    public int CacheSize { get; set; } = 16384;
}
