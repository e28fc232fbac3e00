using System.Collections.Concurrent;

namespace Cellular.Cell.Ownership;

/// <summary>
/// The request path's copy of ownership records, loaded from the app's store on first use per
/// tenant. Only the SDK's ownership endpoints overwrite entries (after their store transaction
/// commits); a load never replaces an entry, so it cannot put back a record older than a fence.
/// Exactness does not depend on this cache: writes re-check in their own transaction.
/// </summary>
internal sealed class TenantOwnershipCache(ITenantOwnershipStore? store = null)
{
    private readonly ConcurrentDictionary<string, TenantOwnership> _entries = new(StringComparer.Ordinal);

    /// <summary>False when the app registered no <see cref="ITenantOwnershipStore"/>: then every tenant is served.</summary>
    public bool IsEnabled => store is not null;

    public ValueTask<TenantOwnership> GetAsync(string tenant, CancellationToken cancellationToken) =>
        _entries.TryGetValue(tenant, out var ownership) ? ValueTask.FromResult(ownership) : LoadAsync(tenant, cancellationToken);

    public void Set(string tenant, TenantOwnership ownership) => _entries[tenant] = ownership;

    /// <summary>Forgets the tenant before its record changes, so a failed change leaves nothing stale behind.</summary>
    public void Invalidate(string tenant) => _entries.TryRemove(tenant, out _);

    private async ValueTask<TenantOwnership> LoadAsync(string tenant, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return TenantOwnership.Unrecorded;
        }

        var ownership = await store.GetAsync(tenant, cancellationToken) ?? TenantOwnership.Unrecorded;
        return _entries.GetOrAdd(tenant, ownership);
    }
}
