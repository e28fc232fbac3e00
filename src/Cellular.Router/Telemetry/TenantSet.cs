using System.Collections.Concurrent;

namespace Cellular.Router.Telemetry;

/// <summary>
/// The distinct tenants of one cell in one second, capped so a flood of random keys cannot grow
/// the router's memory. Looking up a tenant already in the set is lock-free and allocates nothing;
/// only the first sighting copies the key into a string.
/// </summary>
internal sealed class TenantSet
{
    /// <summary>The most tenants one set holds.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, byte> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _count;

    /// <summary>Creates an empty set.</summary>
    public TenantSet()
    {
        _lookup = _tenants.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The tenants in the set.</summary>
    public ICollection<string> Tenants => _tenants.Keys;

    /// <summary>Adds <paramref name="tenant"/> unless it is there already or the set is full.</summary>
    public void Add(ReadOnlySpan<char> tenant)
    {
        if (tenant.IsEmpty || _lookup.ContainsKey(tenant) || Volatile.Read(ref _count) >= Capacity)
        {
            return;
        }

        if (_lookup.TryAdd(tenant, 0))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
