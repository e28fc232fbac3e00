using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Hosting;

/// <summary>
/// Start-up and shutdown of the control plane: opens (or creates) the store, takes the stored
/// cells back under management before the API serves, and lets every provider release its
/// cells when the host stops (SIGTERM, Ctrl+C).
/// </summary>
internal sealed partial class ControlPlaneLifecycle(
    IStoreDatabase database,
    TableVersionStore versionStore,
    ICellularStore store,
    RoutingTablePublisher publisher,
    CellService cells,
    CellProviders providers,
    ControlPlaneInstance instance,
    IOptions<ControlPlaneOptions> options,
    IOptions<ControlPlaneAuthOptions> auth,
    ApiKeyService apiKeys,
    CellKeys keys,
    ILogger<ControlPlaneLifecycle> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        keys.EnsureMasterKey();
        await BootstrapKeysAsync(cancellationToken);
        await store.RecordTableSettingsAsync(SnapshotFactory.Settings(options.Value.Fallback), Http.Actor.ControlPlane, cancellationToken);
        var version = await database.ReadAsync(versionStore.GetAsync, cancellationToken);
        publisher.Committed(version);
        Log.StoreReady(logger, database.Description, version, instance.ProcessId);
        await cells.ResumeAllAsync(cancellationToken);
    }

    /// <summary>Makes each configured bootstrap key that does not exist yet and writes its token (mode 0600).</summary>
    private async Task BootstrapKeysAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in auth.Value.Bootstrap)
        {
            ApiRoles.TryParse(entry.Role, out var role);
            if (await apiKeys.BootstrapAsync(entry.Name!, role, cancellationToken) is { } token)
            {
                SecretFiles.Write(entry.TokenFile!, token + "\n");
                Log.TokenWritten(logger, entry.Name!, Path.GetFullPath(entry.TokenFile!));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(providers.All.Select(p => p.ShutdownAsync(cancellationToken)));

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.StoreReady, LogLevel.Information, "Control plane (process {pid}) uses {store}; routing table version {version}")]
        public static partial void StoreReady(ILogger logger, string store, long version, int pid);

        [LoggerMessage(Logging.EventIds.BootstrapTokenWritten, LogLevel.Information, "The token of API key {name} is in {file}")]
        public static partial void TokenWritten(ILogger logger, string name, string file);
    }
}
