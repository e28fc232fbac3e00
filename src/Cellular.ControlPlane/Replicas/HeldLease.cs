using Cellular.ControlPlane.Store.Leases;

namespace Cellular.ControlPlane.Replicas;

/// <summary>
/// A lease this replica holds, kept alive by a heartbeat until disposed (which releases it).
/// <see cref="Lost"/> is cancelled as soon as a renewal is refused (another replica claimed it, or
/// it expired), or when renewals have failed for a whole lease time; link it into the run's token.
/// Writes made inside <see cref="Enter"/> are fenced: once the lease is lost they throw
/// <see cref="LeaseLostException"/> and write nothing.
/// </summary>
internal sealed class HeldLease : IAsyncDisposable
{
    private readonly LeaseKeeper _keeper;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private int _disposed;

    public HeldLease(LeaseKeeper keeper, Lease lease)
    {
        _keeper = keeper;
        Lease = lease;
        using (ExecutionContext.SuppressFlow())
        {
            _heartbeat = Task.Run(HeartbeatAsync, CancellationToken.None);
        }
    }

    public Lease Lease { get; }

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Fences the current flow's writes with this lease until disposed.</summary>
    public IDisposable Enter() => _keeper.Fence.Enter(Lease);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        await _heartbeat;
        if (!IsLost)
        {
            await _keeper.ReleaseAsync(Lease);
        }

        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task HeartbeatAsync()
    {
        var time = _keeper.Time;
        var renewedAt = time.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(_keeper.Options.Heartbeat, time, _stop.Token);
                try
                {
                    if (!await _keeper.RenewAsync(Lease, _stop.Token))
                    {
                        await LoseAsync("its renewal was refused (it expired or another replica claimed it)");
                        return;
                    }

                    renewedAt = time.GetTimestamp();
                }
                catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
                {
                    _keeper.RenewFailed(Lease, e);
                    if (time.GetElapsedTime(renewedAt) >= _keeper.Options.Ttl)
                    {
                        await LoseAsync("it could not be renewed for a whole lease time");
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: released by DisposeAsync.
        }
    }

    private async Task LoseAsync(string reason)
    {
        _keeper.Lost(Lease, reason);
        await _lost.CancelAsync();
    }
}
