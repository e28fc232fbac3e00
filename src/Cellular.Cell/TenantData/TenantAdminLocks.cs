using System.Collections.Concurrent;

namespace Cellular.Cell.TenantData;

/// <summary>
/// One lock per tenant for the control plane's calls (fence, import, activate, …), so two of them
/// never interleave on one tenant; the app's requests never take it.
/// </summary>
internal sealed class TenantAdminLocks : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<Releaser> AcquireAsync(string tenant, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(tenant, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    public void Dispose()
    {
        foreach (var gate in _locks.Values)
        {
            gate.Dispose();
        }
    }

    /// <summary>Releases the tenant's lock when disposed.</summary>
    internal readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
