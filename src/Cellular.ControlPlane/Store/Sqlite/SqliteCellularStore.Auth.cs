using System.Globalization;
using Cellular.ControlPlane.Errors;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>API keys, store-wide settings and stand-alone audit rows.</summary>
internal sealed partial class SqliteCellularStore
{
    private const string StoreIdSetting = "store_id";
    private const string AssertionGenerationSetting = "assertion_generation";
    private const string TableSettingsSetting = "table_settings";

    public Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync(
            async (c, tx) => (await c.QuerySingleOrDefaultAsync<ApiKeyRow>($"{ApiKeyRow.Select} WHERE id = @id;", new { id }, tx))?.ToRecord(),
            cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ApiKeyRecord>>(
            async (c, tx) => (await c.QueryAsync<ApiKeyRow>($"{ApiKeyRow.Select} ORDER BY name;", transaction: tx)).Select(r => r.ToRecord()).ToList(),
            cancellationToken);

    public Task<ApiKeyRecord> CreateApiKeyAsync(ApiKeyRecord key, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_keys WHERE name = @Name;", new { key.Name }, tx) > 0)
                {
                    throw ControlPlaneException.Conflict("Key name taken", $"An API key named '{key.Name}' exists (revoked keys keep their names); choose another name.");
                }

                await c.ExecuteAsync(
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
                    tx);
                await AppendAuditAsync(c, tx, now, actor, "auth.key.create", $"key/{key.Name}", AuditDetail.Of(key.ToView()));
                return key;
            },
            cancellationToken);

    public Task<ApiKeyRecord?> RevokeApiKeyAsync(string name, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var row = await c.QuerySingleOrDefaultAsync<ApiKeyRow>($"{ApiKeyRow.Select} WHERE name = @name;", new { name }, tx);
                if (row is null || row.RevokedAt is not null)
                {
                    return row?.ToRecord();
                }

                await c.ExecuteAsync("UPDATE api_keys SET revoked_at = @now WHERE id = @Id;", new { now, row.Id }, tx);
                row.RevokedAt = now;
                var record = row.ToRecord();
                await AppendAuditAsync(c, tx, now, actor, "auth.key.revoke", $"key/{name}", AuditDetail.Of(record.ToView()));
                return record;
            },
            cancellationToken);

    public Task TouchApiKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(
            (c, tx, _) => c.ExecuteAsync("UPDATE api_keys SET last_used_at = @at WHERE id = @id;", new { id, at = StoreTime.Format(at) }, tx),
            cancellationToken);

    public Task<string> GetStoreIdAsync(CancellationToken cancellationToken) => ReadAsync(StoreIdAsync, cancellationToken);

    public Task<long> GetAssertionGenerationAsync(CancellationToken cancellationToken) =>
        ReadAsync(
            async (c, tx) => long.Parse(await SettingAsync(c, tx, AssertionGenerationSetting) ?? "1", CultureInfo.InvariantCulture),
            cancellationToken);

    public Task<long> RotateAssertionGenerationAsync(string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var generation = long.Parse(await SettingAsync(c, tx, AssertionGenerationSetting) ?? "1", CultureInfo.InvariantCulture) + 1;
                await SetSettingAsync(c, tx, AssertionGenerationSetting, generation.ToString(CultureInfo.InvariantCulture));
                await AppendAuditAsync(c, tx, now, actor, "auth.assertion-keys.rotate", "auth/assertion-keys", AuditDetail.Of(("generation", generation)));
                return generation;
            },
            cancellationToken);

    public Task<long?> RecordTableSettingsAsync(string settings, string actor, CancellationToken cancellationToken) =>
        WriteAsync<long?>(
            async (c, tx, now) =>
            {
                var before = await SettingAsync(c, tx, TableSettingsSetting);
                if (before == settings)
                {
                    return null;
                }

                await SetSettingAsync(c, tx, TableSettingsSetting, settings);

                // A new store has published nothing yet; a store of an older control plane may have.
                if (before is null && await VersionAsync(c, tx) == 1)
                {
                    return null;
                }

                return await CommitChangeAsync(c, tx, now, actor, "table.settings", "routing-table", AuditDetail.Of(("before", before), ("after", settings)));
            },
            cancellationToken);

    private static async Task<string> StoreIdAsync(SqliteConnection connection, SqliteTransaction transaction) =>
        await SettingAsync(connection, transaction, StoreIdSetting) ?? throw new InvalidOperationException("The store has no store_id setting.");

    private static Task<string?> SettingAsync(SqliteConnection connection, SqliteTransaction transaction, string name) =>
        connection.QuerySingleOrDefaultAsync<string?>("SELECT value FROM settings WHERE name = @name;", new { name }, transaction);

    private static Task SetSettingAsync(SqliteConnection connection, SqliteTransaction transaction, string name, string value) =>
        connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value;", new { name, value }, transaction);
}
