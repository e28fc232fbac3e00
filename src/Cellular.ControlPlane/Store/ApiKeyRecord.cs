using Cellular.Core.Api;

namespace Cellular.ControlPlane.Store;

/// <summary>A stored API key: the SHA-256 of its secret, never the secret.</summary>
internal sealed record ApiKeyRecord(
    string Id,
    string Name,
    ApiRole Role,
    byte[] SecretHash,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    public ApiKeyView ToView() => new(Id, Name, Role, CreatedAt, CreatedBy, ExpiresAt, RevokedAt, LastUsedAt);
}
