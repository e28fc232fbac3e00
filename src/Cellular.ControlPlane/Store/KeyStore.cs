using System.Globalization;
using Cellular.ControlPlane.Store.Rows;
using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// API keys (<c>api_keys</c>: only the SHA-256 of each secret; revoked keys stay and keep their
/// names) and the store-wide settings (<c>settings</c>): the store's identity carried by every
/// routing table, the assertion-key generation and the last published table-wide settings.
/// Persistence only: whether a name may be taken is <c>ApiKeyService</c>'s rule.
/// </summary>
internal sealed class KeyStore
{
    private const string StoreIdSetting = "store_id";
    private const string AssertionGenerationSetting = "assertion_generation";
    private const string TableSettingsSetting = "table_settings";

    public async Task<ApiKeyRecord?> GetAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<ApiKeyRow>($"{ApiKeyRow.Select} WHERE id = @id;", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>The key named <paramref name="name"/> (revoked or not), its row locked for the rest of the write transaction.</summary>
    public async Task<ApiKeyRecord?> GetByNameForUpdateAsync(StoreTransaction tx, string name) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<ApiKeyRow>($"{ApiKeyRow.Select} WHERE name = @name{tx.Dialect.ForUpdate};", new { name }, tx.Transaction))?.ToRecord();

    /// <summary>Every key, revoked and expired ones too, by name.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(StoreTransaction tx) =>
        (await tx.Connection.QueryAsync<ApiKeyRow>($"{ApiKeyRow.Select} ORDER BY name;", transaction: tx.Transaction)).Select(r => r.ToRecord()).ToList();

    public Task InsertAsync(StoreTransaction tx, ApiKeyRecord key) =>
        tx.Connection.ExecuteAsync(
            """
            INSERT INTO api_keys (id, name, role, secret_hash, created_at, created_by, expires_at)
            VALUES (@Id, @Name, @Role, @SecretHash, @CreatedAt, @CreatedBy, @ExpiresAt);
            """,
            new
            {
                key.Id,
                key.Name,
                Role = key.Role.ToString(),
                key.SecretHash,
                CreatedAt = StoreTime.Format(key.CreatedAt),
                key.CreatedBy,
                ExpiresAt = key.ExpiresAt is { } expires ? StoreTime.Format(expires) : null,
            },
            tx.Transaction);

    /// <summary>Marks the key revoked at the transaction's time.</summary>
    public Task RevokeAsync(StoreTransaction tx, string id) =>
        tx.Connection.ExecuteAsync("UPDATE api_keys SET revoked_at = @now WHERE id = @id;", new { now = tx.NowText, id }, tx.Transaction);

    /// <summary>Remembers when a key was last used.</summary>
    public Task TouchAsync(StoreTransaction tx, string id, DateTimeOffset at) =>
        tx.Connection.ExecuteAsync("UPDATE api_keys SET last_used_at = @at WHERE id = @id;", new { id, at = StoreTime.Format(at) }, tx.Transaction);

    /// <summary>The random identity made once per store, carried by every routing table.</summary>
    public async Task<string> GetStoreIdAsync(StoreTransaction tx) =>
        await GetSettingAsync(tx, StoreIdSetting) ?? throw new InvalidOperationException("The store has no store_id setting.");

    /// <summary>The generation of the tenant-assertion keys routers sign with (1 at first).</summary>
    public async Task<long> GetAssertionGenerationAsync(StoreTransaction tx) =>
        long.Parse(await GetSettingAsync(tx, AssertionGenerationSetting) ?? "1", CultureInfo.InvariantCulture);

    public Task SetAssertionGenerationAsync(StoreTransaction tx, long generation) =>
        SetSettingAsync(tx, AssertionGenerationSetting, generation.ToString(CultureInfo.InvariantCulture));

    /// <summary>The table-wide settings the published table was last built with; null before any were recorded.</summary>
    public Task<string?> GetTableSettingsAsync(StoreTransaction tx) => GetSettingAsync(tx, TableSettingsSetting);

    public Task SetTableSettingsAsync(StoreTransaction tx, string settings) => SetSettingAsync(tx, TableSettingsSetting, settings);

    private static Task<string?> GetSettingAsync(StoreTransaction tx, string name) =>
        tx.Connection.QuerySingleOrDefaultAsync<string?>("SELECT value FROM settings WHERE name = @name;", new { name }, tx.Transaction);

    private static Task SetSettingAsync(StoreTransaction tx, string name, string value) =>
        tx.Connection.ExecuteAsync(
            "INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value;",
            new { name, value },
            tx.Transaction);
}
