using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;

namespace Cellular.ControlPlane.Replicas;

/// <summary>
/// On SQLite the file belongs to one control plane, so a lease still held at start-up was held by
/// this control plane's previous run, which crashed. Freeing them at once lets the restarted run
/// resume its work immediately (a tenant held mid-switch must not wait a whole lease time), as it
/// did before leases; on PostgreSQL other replicas may be alive and expiry decides.
/// </summary>
internal sealed partial class SingleReplicaLeaseRecovery(IStoreDatabase database, LeaseStore leases, ILogger<SingleReplicaLeaseRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != StoreProviders.Sqlite)
        {
            return;
        }

        var freed = await database.WriteAsync(leases.ReleaseAllAsync, cancellationToken);
        if (freed > 0)
        {
            LogFreed(logger, freed);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Logging.EventIds.LeasesFreedAtStart, LogLevel.Information, "Freed {count} leases a previous run of this control plane held (SQLite: one replica)")]
    private static partial void LogFreed(ILogger logger, int count);
}
