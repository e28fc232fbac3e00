namespace Cellular.Cell.TenantData;

/// <summary>
/// One lock per tenant for the control plane's calls (fence, import, activate, …), so two of them
/// never interleave on one tenant; the app's requests never take it. A tenant's lock exists only
/// while someone holds or waits for it, so the map stays as small as the calls in progress.
/// </summary>
internal sealed class TenantAdminLocks
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>Tenants with a lock held or awaited now.</summary>
    public int Count
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    public async Task<Releaser> AcquireAsync(string tenant, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(tenant, out gate!))
            {
                gate = new Gate();
                _gates.Add(tenant, gate);
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(tenant, gate);
            throw;
        }

        return new Releaser(this, tenant, gate);
    }

    private void Leave(string tenant, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(tenant);
            }
        }
    }

    /// <summary>Releases the tenant's lock when disposed.</summary>
    internal readonly struct Releaser(TenantAdminLocks owner, string tenant, Gate gate) : IDisposable
    {
        public void Dispose()
        {
            gate.Semaphore.Release();
            owner.Leave(tenant, gate);
        }
    }

    /// <summary>A tenant's semaphore and how many callers hold or await it (changed under the map's lock).</summary>
    internal sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
