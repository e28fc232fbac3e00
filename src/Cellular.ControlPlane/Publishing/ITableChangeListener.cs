namespace Cellular.ControlPlane.Publishing;

/// <summary>
/// Hears of table versions other replicas commit as they commit them (PostgreSQL: LISTEN on the
/// version bumps' NOTIFY). A speed-up only: <see cref="TableChangeWatcher"/>'s polling catches
/// whatever it misses.
/// </summary>
internal interface ITableChangeListener
{
    /// <summary>Calls <paramref name="committed"/> with each version heard of until <paramref name="cancellationToken"/> is cancelled; survives lost connections on its own.</summary>
    Task ListenAsync(Action<long> committed, CancellationToken cancellationToken);
}
