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
    private readonly CancellationTokenSource _interrupted = new();
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

    /// <summary>
    /// Cancelled when another replica asked (through the store, see <see cref="LeaseKeeper.RequestInterruptAsync"/>)
    /// to stop the run under this lease: an abort or a hold sent to a replica that does not drive the
    /// work. Seen at the first heartbeat after the request; link it into the run's stop token, as a
    /// local abort or hold would cancel it.
    /// </summary>
    public CancellationToken Interrupted => _interrupted.Token;

    /// <summary>
    /// What a run stopped by the loss of this lease reports: <paramref name="stop"/> itself when it
    /// is a <see cref="LeaseLostException"/> (a fenced write was refused), else one that names the
    /// lease and wraps <paramref name="stop"/> (the heartbeat cancelled the run first).
    /// </summary>
    public LeaseLostException LostException(Exception stop) =>
        stop as LeaseLostException ?? new LeaseLostException($"The lease {Lease.Name} (token {Lease.Token}) was lost: the run stopped before writing anything more.", stop)
        {
            Lease = Lease.Name,
            Token = Lease.Token,
        };

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
        _interrupted.Dispose();
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
                    if (await _keeper.RenewAsync(Lease, _stop.Token) is not { } interrupt)
                    {
                        await LoseAsync("its renewal was refused (it expired or another replica claimed it)");
                        return;
                    }

                    renewedAt = time.GetTimestamp();
                    if (interrupt && !_interrupted.IsCancellationRequested)
                    {
                        _keeper.Interrupted(Lease);
                        await _interrupted.CancelAsync();
                    }
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
