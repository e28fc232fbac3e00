namespace Cellular.ControlPlane.Publishing;

/// <summary>The listener of a store no other process writes (SQLite): there is nothing to hear.</summary>
internal sealed class NoTableChangeListener : ITableChangeListener
{
    public Task ListenAsync(Action<long> committed, CancellationToken cancellationToken) => Task.CompletedTask;
}
