namespace Cellular.Core.Api;

/// <summary>
/// What a credential may do on the control plane. Human roles nest
/// (<see cref="ReadOnly"/> &lt; <see cref="CellOperator"/> &lt; <see cref="Admin"/>);
/// <see cref="Router"/> is a service role that may only read the routing table and the
/// assertion keys, so a router's credential is useless for anything else.
/// </summary>
public enum ApiRole
{
    /// <summary>Reads everything, changes nothing.</summary>
    ReadOnly,

    /// <summary>Runs the fleet: drain, activate, quarantine, pins, moves, experiments, deployment controls.</summary>
    CellOperator,

    /// <summary>Everything: cells, keys, kill switch, freeze.</summary>
    Admin,

    /// <summary>A router: the routing table and the tenant-assertion keys.</summary>
    Router,
}

/// <summary>Body of <c>POST /api/v1/auth/keys</c>.</summary>
/// <param name="Name">Unique name, shown as the audit's actor: 1–64 of <c>[A-Za-z0-9._-]</c>.</param>
/// <param name="Role">One of <see cref="ApiRole"/>.</param>
/// <param name="ExpiresAt">When it stops working; omitted = never.</param>
public sealed record CreateApiKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt = null);

/// <summary>An API key as listed: never its token (only its hash is stored).</summary>
public sealed record ApiKeyView(
    string Id,
    string Name,
    ApiRole Role,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? RevokedAt = null,
    DateTimeOffset? LastUsedAt = null);

/// <summary>The answer to a key's creation: the one time its <see cref="Token"/> is shown.</summary>
public sealed record CreatedApiKey(
    string Id,
    string Name,
    ApiRole Role,
    string Token,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt = null);

/// <summary><c>GET /api/v1/auth/whoami</c>: the principal the caller authenticated as.</summary>
/// <param name="Name">Key name or token subject; the audit's actor.</param>
/// <param name="Role">Its role.</param>
/// <param name="Kind"><c>api-key</c> or <c>jwt</c>.</param>
public sealed record WhoAmI(string Name, ApiRole Role, string Kind);

/// <summary>
/// <c>GET /api/v1/auth/assertion-keys</c> (role <see cref="ApiRole.Router"/> or Admin): the key
/// of every cell that is not retired, for the newest generation. Routers sign with these.
/// </summary>
public sealed record AssertionKeySet(long Generation, IReadOnlyList<CellAssertionKey> Cells);

/// <summary>One cell's assertion key (base64url, 32 bytes).</summary>
public sealed record CellAssertionKey(string Cell, string Key);

/// <summary>
/// <c>GET /api/v1/cells/{id}/secret</c> (Admin): the secret a cell you run yourself (a
/// <c>static</c> cell) is configured with (<c>Cellular:Cell:Auth:Secret</c>).
/// </summary>
public sealed record CellSecretView(string Cell, string Secret);

/// <summary>Body of <c>POST /api/v1/auth/tenant-tokens</c>: a token from the control plane's local tenant issuer.</summary>
/// <param name="Tenant">The tenant the token is for.</param>
/// <param name="TtlSeconds">Lifetime, 1–86400, default 3600.</param>
public sealed record TenantTokenRequest(string? Tenant, int? TtlSeconds = null);

/// <summary>A signed tenant JWT for trying a router with tenant authentication on.</summary>
public sealed record TenantToken(string Token, string Tenant, DateTimeOffset ExpiresAt);
