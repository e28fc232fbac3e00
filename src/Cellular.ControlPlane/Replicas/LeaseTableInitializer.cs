using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;

namespace Cellular.ControlPlane.Replicas;

/// <summary>
/// Makes sure the <c>leases</c> table exists once the store is open, before any runner claims:
/// <see cref="LeaseSchema"/> is idempotent, so this is harmless where a numbered schema migration
/// already created it.
/// </summary>
internal sealed class LeaseTableInitializer(IStoreDatabase database, LeaseStore leases) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                await leases.EnsureTableAsync(tx);
                return 0;
            },
            cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
