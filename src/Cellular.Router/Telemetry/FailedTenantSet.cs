namespace Cellular.Router.Telemetry;

/// <summary>
/// The tenants of one cell-second with at least one request that was not a success: their hashes,
/// for the exact <c>tenantsWithErrorsCount</c>, and their names, because <c>/_router/stats</c>
/// lists them (chaos experiments report the tenants a fault touched). A name is kept only the first
/// time its tenant fails in the second, and is the request's own string when the key was a whole
/// header value: errors are off the happy path, and even a cell failing every request costs one
/// string per tenant and second, as many as the set's <see cref="TenantHashSet.Capacity"/> allows.
/// </summary>
internal sealed class FailedTenantSet
{
    private readonly TenantHashSet _hashes = new();
    private readonly Lock _namesLock = new();
    private readonly List<string> _names = [];

    /// <summary>How many tenants failed.</summary>
    public int Count => _hashes.Count;

    /// <summary>
    /// Adds the tenant of <paramref name="hash"/>; its name is <paramref name="text"/> when the
    /// caller has the key as a string already, else a copy of <paramref name="tenant"/>.
    /// </summary>
    public void Add(ulong hash, ReadOnlySpan<char> tenant, string? text)
    {
        if (!_hashes.Add(hash))
        {
            return;
        }

        var name = text ?? tenant.ToString();
        lock (_namesLock)
        {
            _names.Add(name);
        }
    }

    /// <summary>Adds this set's hashes and names to <paramref name="hashes"/> and <paramref name="names"/>.</summary>
    public void CopyTo(HashSet<ulong> hashes, HashSet<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _hashes.CopyTo(hashes);
        lock (_namesLock)
        {
            names.UnionWith(_names);
        }
    }

    /// <summary>Empties the set for reuse by a later second.</summary>
    public void Clear()
    {
        _hashes.Clear();
        lock (_namesLock)
        {
            _names.Clear();
        }
    }
}
