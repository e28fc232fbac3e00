namespace Cellular.ControlPlane.Replicas;

/// <summary>
/// Makes one replica at a time run a singleton (the migration scheduler's pass, the health
/// monitor's sweep): each round asks <see cref="AcquireAsync"/>, which keeps the lease held across
/// rounds and claims it again when it was lost or free; a replica without it skips the round.
/// </summary>
/// <remarks>
/// A singleton lease rather than <c>pg_try_advisory_xact_lock</c>: these rounds span many
/// transactions and HTTP calls (probes, cell calls), and an advisory lock that lives for one
/// transaction would hand the role to a different replica every round, resetting what the holder
/// keeps in memory (probe histories); a session advisory lock would leak behind PgBouncer. A lease
/// is held across rounds, expires on its own when its replica dies, and fences the round's writes
/// like any workflow's. Writes themselves stay serialised by the store's advisory transaction lock.
/// </remarks>
internal sealed class SingletonLease(LeaseKeeper keeper, string name) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private HeldLease? _held;

    /// <summary>The held lease, claimed now when needed; null when another replica runs the singleton.</summary>
    public async Task<HeldLease?> AcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_held is { IsLost: false })
            {
                return _held;
            }

            if (_held is not null)
            {
                await _held.DisposeAsync();
                _held = null;
            }

            _held = await keeper.TryHoldAsync(name, cancellationToken);
            return _held;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (_held is not null)
            {
                await _held.DisposeAsync();
                _held = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
