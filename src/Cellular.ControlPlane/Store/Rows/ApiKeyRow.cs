using Cellular.Core.Api;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>An <c>api_keys</c> row as Dapper reads it.</summary>
internal sealed class ApiKeyRow
{
    public const string Select = """
        SELECT id AS Id, name AS Name, role AS Role, secret_hash AS SecretHash, created_at AS CreatedAt,
               created_by AS CreatedBy, expires_at AS ExpiresAt, revoked_at AS RevokedAt, last_used_at AS LastUsedAt
        FROM api_keys
        """;

    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public byte[] SecretHash { get; set; } = [];

    public string CreatedAt { get; set; } = string.Empty;

    public string CreatedBy { get; set; } = string.Empty;

    public string? ExpiresAt { get; set; }

    public string? RevokedAt { get; set; }

    public string? LastUsedAt { get; set; }

    public ApiKeyRecord ToRecord() => new(
        Id,
        Name,
        Enum.Parse<ApiRole>(Role),
        SecretHash,
        StoreTime.Parse(CreatedAt),
        CreatedBy,
        ExpiresAt is null ? null : StoreTime.Parse(ExpiresAt),
        RevokedAt is null ? null : StoreTime.Parse(RevokedAt),
        LastUsedAt is null ? null : StoreTime.Parse(LastUsedAt));
}
