using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Ownership;

/// <summary>
/// The request path's copy of ownership records, loaded from the app's store on first use per
/// tenant and bounded by <see cref="CellTenantStateOptions.OwnershipCacheSize"/>: past it, entries
/// not used since the last sweep are dropped first (a CLOCK approximation of least recently used),
/// so a flood of one-off tenant ids evicts itself, not the tenants in use. Only the SDK's ownership
/// endpoints overwrite entries (after their store transaction commits); a load that overlapped
/// such a change does not stay cached, so it cannot put back a record older than a fence.
/// Exactness does not depend on this cache: writes re-check in their own transaction.
/// </summary>
internal sealed class TenantOwnershipCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ITenantOwnershipStore? _store;
    private readonly Lock _sweepLock = new();
    private long _changes;
    private int _count;

    public TenantOwnershipCache(IOptions<CellTenantStateOptions> options, ITenantOwnershipStore? store = null)
    {
        _store = store;
        Capacity = options.Value.OwnershipCacheSize;
    }

    /// <summary>False when the app registered no <see cref="ITenantOwnershipStore"/>: then every tenant is served.</summary>
    public bool IsEnabled => _store is not null;

    /// <summary>Most entries kept (a sweep brings the count back below it).</summary>
    public int Capacity { get; }

    /// <summary>Entries held now.</summary>
    public int Count => Volatile.Read(ref _count);

    public ValueTask<TenantOwnership> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(tenant, out var entry))
        {
            entry.Touch();
            return ValueTask.FromResult(entry.Ownership);
        }

        return LoadAsync(tenant, cancellationToken);
    }

    public void Set(string tenant, TenantOwnership ownership)
    {
        Interlocked.Increment(ref _changes);
        var entry = new Entry(ownership);
        while (true)
        {
            if (_entries.TryGetValue(tenant, out var existing))
            {
                if (_entries.TryUpdate(tenant, entry, existing))
                {
                    return;
                }
            }
            else if (_entries.TryAdd(tenant, entry))
            {
                Added();
                return;
            }
        }
    }

    /// <summary>Forgets the tenant before its record changes, so a failed change leaves nothing stale behind.</summary>
    public void Invalidate(string tenant)
    {
        Interlocked.Increment(ref _changes);
        if (_entries.TryRemove(tenant, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private async ValueTask<TenantOwnership> LoadAsync(string tenant, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return TenantOwnership.Unrecorded;
        }

        var changes = Volatile.Read(ref _changes);
        var ownership = await _store.GetAsync(tenant, cancellationToken).ConfigureAwait(false) ?? TenantOwnership.Unrecorded;
        var entry = new Entry(ownership);
        if (!_entries.TryAdd(tenant, entry))
        {
            return _entries.TryGetValue(tenant, out var current) ? current.Ownership : ownership;
        }

        Added();

        // An ownership change since the read may have been dropped by a sweep before this entry
        // went in: then this entry may be older than the store, so it must not stay.
        if (Volatile.Read(ref _changes) != changes && _entries.TryRemove(new KeyValuePair<string, Entry>(tenant, entry)))
        {
            Interlocked.Decrement(ref _count);
        }

        return ownership;
    }

    private void Added()
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Sweep();
        }
    }

    /// <summary>Drops entries not used since the last sweep until a tenth of the room is free again; one sweeper at a time.</summary>
    private void Sweep()
    {
        if (!_sweepLock.TryEnter())
        {
            return;
        }

        try
        {
            var target = Capacity - Math.Max(1, Capacity / 10);
            for (var pass = 0; pass < 2 && Count > target; pass++)
            {
                foreach (var (tenant, entry) in _entries)
                {
                    if (Count <= target)
                    {
                        break;
                    }

                    if (!entry.ClearUsed() && _entries.TryRemove(new KeyValuePair<string, Entry>(tenant, entry)))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }
            }
        }
        finally
        {
            _sweepLock.Exit();
        }
    }

    /// <summary>A cached record and whether it was read since the last sweep.</summary>
    private sealed class Entry(TenantOwnership ownership)
    {
        private int _used;

        public TenantOwnership Ownership { get; } = ownership;

        public void Touch()
        {
            if (Volatile.Read(ref _used) == 0)
            {
                Volatile.Write(ref _used, 1);
            }
        }

        /// <returns>Whether it was used; it is not any more.</returns>
        public bool ClearUsed() => Interlocked.Exchange(ref _used, 0) == 1;
    }
}
