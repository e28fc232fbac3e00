namespace Cellular.ControlPlane.Store;

/// <summary>API keys, store-wide settings and audit rows that belong to no other change.</summary>
internal partial interface ICellularStore
{
    Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every key, revoked and expired ones too, by name.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new key, audited as <c>auth.key.create</c>; 409 when its name is taken (revoked keys keep theirs).</summary>
    Task<ApiKeyRecord> CreateApiKeyAsync(ApiKeyRecord key, string actor, CancellationToken cancellationToken);

    /// <summary>Revokes the key named <paramref name="name"/> (audited as <c>auth.key.revoke</c> when it changes); null when there is none.</summary>
    Task<ApiKeyRecord?> RevokeApiKeyAsync(string name, string actor, CancellationToken cancellationToken);

    /// <summary>Remembers when a key was last used.</summary>
    Task TouchApiKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The random identity made once per store, carried by every routing table.</summary>
    Task<string> GetStoreIdAsync(CancellationToken cancellationToken);

    /// <summary>The generation of the tenant-assertion keys routers sign with (1 at first).</summary>
    Task<long> GetAssertionGenerationAsync(CancellationToken cancellationToken);

    /// <summary>Moves to the next assertion-key generation, audited as <c>auth.assertion-keys.rotate</c>; returns it.</summary>
    Task<long> RotateAssertionGenerationAsync(string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Records the table-wide settings (fallback) the published table is built with. When they
    /// differ from the ones recorded before, the table version is bumped (audited as
    /// <c>table.settings</c>) so routers fetch a table built with the new ones; the new version,
    /// or null when nothing changed or nothing was recorded before (a new store).
    /// </summary>
    Task<long?> RecordTableSettingsAsync(string settings, string actor, CancellationToken cancellationToken);
}
