using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Auth;

/// <summary>Creates, lists, revokes and checks API keys; the rules live here, the rows in the store.</summary>
internal sealed partial class ApiKeyService(ICellularStore store, TimeProvider time, ILogger<ApiKeyService> logger)
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
        (await store.ListApiKeysAsync(ct)).Select(k => k.ToView()).ToList();

    public async Task<ApiKeyView> RevokeAsync(string name, string actor, CancellationToken ct)
    {
        var key = await store.RevokeApiKeyAsync(name, actor, ct)
            ?? throw new ControlPlaneException(ProblemKind.NotFound, "Key not found", $"There is no API key named '{name}'.");
        Log.KeyRevoked(logger, name, actor);
        return key.ToView();
    }

    /// <summary>Makes a key named <paramref name="name"/> unless one exists; its token, or null when it existed.</summary>
    public async Task<string?> BootstrapAsync(string name, ApiRole role, CancellationToken ct)
    {
        if ((await store.ListApiKeysAsync(ct)).Any(k => k.Name == name))
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

        var key = await store.GetApiKeyAsync(id, ct);
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
            await store.TouchApiKeyAsync(key.Id, now, ct);
        }

        return (key, null);
    }

    private async Task<(ApiKeyRecord Key, string Token)> CreateKeyAsync(string name, ApiRole role, DateTimeOffset? expiresAt, string actor, CancellationToken ct)
    {
        var id = ApiKeyToken.NewId();
        var secret = ApiKeyToken.NewSecret();
        var record = new ApiKeyRecord(id, name, role, ApiKeyToken.Hash(secret), time.GetUtcNow(), actor, expiresAt, null, null);
        var key = await store.CreateApiKeyAsync(record, actor, ct);
        return (key, ApiKeyToken.Format(id, secret));
    }

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
