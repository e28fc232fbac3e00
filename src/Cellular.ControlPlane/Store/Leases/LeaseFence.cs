namespace Cellular.ControlPlane.Store.Leases;

/// <summary>
/// The fencing check of every store write: when the current async flow runs a leased workflow
/// (<see cref="Enter"/>), each write transaction first checks that the lease is still this
/// replica's, with this token, unexpired — else <see cref="LeaseLostException"/> is thrown, the
/// transaction rolls back and the run stops. Because every replica's writes are serialised and a
/// claim is a write, a lease cannot change hands between this check and the commit: a replica that
/// was paused past its lease writes nothing when it wakes (the Hangfire and Elsa traps).
/// </summary>
/// <remarks>
/// The current lease lives in an <see cref="AsyncLocal{T}"/> of this instance (not a static): it
/// follows the run into every task it awaits or starts, and nowhere else.
/// </remarks>
internal sealed class LeaseFence(LeaseStore leases) : IStoreWriteGuard
{
    private readonly AsyncLocal<Lease?> _current = new();

    /// <summary>The lease the current flow writes under, if any.</summary>
    public Lease? Current => _current.Value;

    /// <summary>Fences every write of the current flow (and what it starts) with <paramref name="lease"/> until disposed.</summary>
    public IDisposable Enter(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var previous = _current.Value;
        _current.Value = lease;
        return new Scope(this, previous);
    }

    /// <summary>Lets the current flow write without a lease until disposed (heartbeats, releases).</summary>
    public IDisposable Suspend()
    {
        var previous = _current.Value;
        _current.Value = null;
        return new Scope(this, previous);
    }

    public async Task CheckAsync(StoreTransaction transaction, CancellationToken cancellationToken)
    {
        if (_current.Value is { } lease && !await leases.IsHeldAsync(transaction, lease))
        {
            throw new LeaseLostException($"The lease {lease.Name} (token {lease.Token}) is no longer held by {lease.Owner}: another replica may own the work now, so this write was refused.")
            {
                Lease = lease.Name,
                Token = lease.Token,
            };
        }
    }

    private sealed class Scope(LeaseFence fence, Lease? previous) : IDisposable
    {
        public void Dispose() => fence._current.Value = previous;
    }
}
