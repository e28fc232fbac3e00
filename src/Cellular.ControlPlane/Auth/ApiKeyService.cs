using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Auth;

/// <summary>Creates, lists, revokes and checks API keys; the rules live here, the rows in the store.</summary>
internal sealed partial class ApiKeyService(IStoreDatabase database, KeyStore keys, AuditStore audit, TimeProvider time, ILogger<ApiKeyService> logger)
{
    /// <summary>How stale <c>last_used_at</c> may get before a use writes it again (one write per key per minute at most).</summary>
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<CreatedApiKey> CreateAsync(CreateApiKeyRequest request, string actor, CancellationToken ct)
    {
        if (!ApiKeyNames.IsValid(request.Name))
        {
            throw ControlPlaneException.BadRequest($"The field 'name' must be 1-{ApiKeyNames.MaxLength} of A-Z a-z 0-9 . _ - (it is the audit's actor).");
        }

        if (!ApiRoles.TryParse(request.Role, out var role))
        {
            throw ControlPlaneException.BadRequest($"The field 'role' must be one of {string.Join(", ", Enum.GetNames<ApiRole>())}.");
        }

        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            throw ControlPlaneException.BadRequest("The field 'expiresAt' must be in the future.");
        }

        var (key, token) = await CreateKeyAsync(request.Name!, role, request.ExpiresAt, actor, ct);
        Log.KeyCreated(logger, key.Name, key.Role, actor);
        return new CreatedApiKey(key.Id, key.Name, key.Role, token, key.CreatedAt, key.CreatedBy, key.ExpiresAt);
    }

    public async Task<List<ApiKeyView>> ListAsync(CancellationToken ct) =>
        (await database.ReadAsync(keys.ListAsync, ct)).Select(k => k.ToView()).ToList();

    public async Task<ApiKeyView> RevokeAsync(string name, string actor, CancellationToken ct)
    {
        var key = await CommitRevokeAsync(name, actor, ct)
            ?? throw new ControlPlaneException(ProblemKind.NotFound, "Key not found", $"There is no API key named '{name}'.");
        Log.KeyRevoked(logger, name, actor);
        return key.ToView();
    }

    /// <summary>Makes a key named <paramref name="name"/> unless one exists; its token, or null when it existed.</summary>
    public async Task<string?> BootstrapAsync(string name, ApiRole role, CancellationToken ct)
    {
        if ((await database.ReadAsync(keys.ListAsync, ct)).Any(k => k.Name == name))
        {
            return null;
        }

        var (_, token) = await CreateKeyAsync(name, role, null, Http.Actor.ControlPlane, ct);
        Log.KeyBootstrapped(logger, name, role);
        return token;
    }

    /// <summary>The key <paramref name="token"/> proves, or why it proves none (a reason that names no secret).</summary>
    public async Task<(ApiKeyRecord? Key, string? Failure)> AuthenticateAsync(string token, CancellationToken ct)
    {
        if (!ApiKeyToken.TryParse(token, out var id, out var secret))
        {
            return (null, "The token is not an API key of this control plane.");
        }

        var key = await database.ReadAsync(tx => keys.GetAsync(tx, id), ct);
        if (key is null || !ApiKeyToken.Matches(secret, key.SecretHash))
        {
            return (null, "The API key is unknown.");
        }

        var now = time.GetUtcNow();
        if (key.RevokedAt is not null)
        {
            return (null, $"The API key '{key.Name}' is revoked.");
        }

        if (key.ExpiresAt is { } expires && expires <= now)
        {
            return (null, $"The API key '{key.Name}' has expired.");
        }

        if (key.LastUsedAt is not { } used || now - used >= TouchInterval)
        {
            await database.WriteAsync(tx => keys.TouchAsync(tx, key.Id, now), ct);
        }

        return (key, null);
    }

    private async Task<(ApiKeyRecord Key, string Token)> CreateKeyAsync(string name, ApiRole role, DateTimeOffset? expiresAt, string actor, CancellationToken ct)
    {
        var id = ApiKeyToken.NewId();
        var secret = ApiKeyToken.NewSecret();
        var record = new ApiKeyRecord(id, name, role, ApiKeyToken.Hash(secret), time.GetUtcNow(), actor, expiresAt, null, null);
        var key = await CommitCreateAsync(record, actor, ct);
        return (key, ApiKeyToken.Format(id, secret));
    }

    /// <summary>Stores a new key, audited as <c>auth.key.create</c>; 409 when its name is taken (revoked keys keep theirs).</summary>
    private Task<ApiKeyRecord> CommitCreateAsync(ApiKeyRecord key, string actor, CancellationToken ct) =>
        database.WriteAsync(
            async tx =>
            {
                if (await keys.GetByNameForUpdateAsync(tx, key.Name) is not null)
                {
                    throw ControlPlaneException.Conflict("Key name taken", $"An API key named '{key.Name}' exists (revoked keys keep their names); choose another name.");
                }

                await keys.InsertAsync(tx, key);
                await audit.AppendAsync(tx, actor, "auth.key.create", $"key/{key.Name}", AuditDetail.Of(key.ToView()));
                return key;
            },
            ct);

    /// <summary>Revokes the key named <paramref name="name"/> (audited as <c>auth.key.revoke</c> when it changes); null when there is none.</summary>
    private Task<ApiKeyRecord?> CommitRevokeAsync(string name, string actor, CancellationToken ct) =>
        database.WriteAsync(
            async tx =>
            {
                var key = await keys.GetByNameForUpdateAsync(tx, name);
                if (key is null || key.RevokedAt is not null)
                {
                    return key;
                }

                await keys.RevokeAsync(tx, key.Id);
                var revoked = key with { RevokedAt = tx.Now };
                await audit.AppendAsync(tx, actor, "auth.key.revoke", $"key/{name}", AuditDetail.Of(revoked.ToView()));
                return revoked;
            },
            ct);

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.ApiKeyCreated, LogLevel.Information, "API key {name} ({role}) created by {actor}")]
        public static partial void KeyCreated(ILogger logger, string name, ApiRole role, string actor);

        [LoggerMessage(Logging.EventIds.ApiKeyRevoked, LogLevel.Information, "API key {name} revoked by {actor}")]
        public static partial void KeyRevoked(ILogger logger, string name, string actor);

        [LoggerMessage(Logging.EventIds.ApiKeyBootstrapped, LogLevel.Information, "API key {name} ({role}) made at start-up")]
        public static partial void KeyBootstrapped(ILogger logger, string name, ApiRole role);
    }
}
