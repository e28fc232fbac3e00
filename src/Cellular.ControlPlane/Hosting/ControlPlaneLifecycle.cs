using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Hosting;

/// <summary>
/// Start-up and shutdown of the control plane: opens (or creates) the store, takes the stored
/// cells back under management before the API serves, and lets every provider release its
/// cells when the host stops (SIGTERM, Ctrl+C).
/// </summary>
internal sealed partial class ControlPlaneLifecycle(
    ICellularStore store,
    RoutingTablePublisher publisher,
    CellService cells,
    CellProviders providers,
    ControlPlaneInstance instance,
    ILogger<ControlPlaneLifecycle> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var version = await store.GetVersionAsync(cancellationToken);
        publisher.Committed(version);
        Log.StoreReady(logger, store.Description, version, instance.ProcessId);
        await cells.ResumeAllAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(providers.All.Select(p => p.ShutdownAsync(cancellationToken)));

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.StoreReady, LogLevel.Information, "Control plane (process {pid}) uses {store}; routing table version {version}")]
        public static partial void StoreReady(ILogger logger, string store, long version, int pid);
    }
}
