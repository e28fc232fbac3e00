namespace Cellular.ControlPlane.Configuration;

/// <summary>
/// How a replica learns of routing-table versions other replicas commit (section
/// <c>Cellular:ControlPlane:TableWatch</c>), so the long polls it serves wake. Only a shared
/// (PostgreSQL) store needs it: on SQLite every commit is this process's own.
/// </summary>
/// <remarks>
/// Polling is the truth and notifications the speed-up: a lost NOTIFY (the listening connection
/// died, the network dropped it) costs at most one <see cref="PollInterval"/> of latency, never a
/// missed version.
/// </remarks>
public sealed class TableWatchOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:TableWatch";

    /// <summary>How often the store's table version is read.</summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether a dedicated connection LISTENs for the version bumps' notifications (PostgreSQL).</summary>
    /// <value>Default true.</value>
    public bool Listen { get; set; } = true;

    /// <summary>How long the listening connection may sit idle before it is checked with a query (a dead connection is then noticed and replaced).</summary>
    /// <value>Default 15 seconds.</value>
    public TimeSpan ListenCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest wait between attempts to reconnect the listening connection (the wait doubles from 200 ms up to it).</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);
}
