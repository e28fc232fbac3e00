namespace Cellular.Router.Sync;

internal sealed partial class RoutingTableSync
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.TableApplied, LogLevel.Information, "Applied routing table version {version} (was {previousVersion}; {tenants} tenants, {cells} cells).")]
        public static partial void Applied(ILogger logger, long version, long previousVersion, int tenants, int cells);

        [LoggerMessage(EventIds.TableConfirmed, LogLevel.Information, "The control plane confirmed routing table version {version} in use; it now counts as the control plane's.")]
        public static partial void Confirmed(ILogger logger, long version);

        [LoggerMessage(EventIds.TableRefused, LogLevel.Error, "Refused routing table version {version} from {controlPlane}: {reason} Keeping the table in use.")]
        public static partial void Refused(ILogger logger, long version, string controlPlane, string reason, Exception? exception);

        [LoggerMessage(EventIds.TableOlderIgnored, LogLevel.Warning, "The control plane sent routing table version {version}, older than version {currentVersion} in use; ignored (versions never go backwards).")]
        public static partial void OlderIgnored(ILogger logger, long version, long currentVersion);

        [LoggerMessage(EventIds.TableStoreChanged, LogLevel.Warning, "The control plane's routing table comes from store {storeId} (version {version}), not from store {previousStoreId} of version {previousVersion} in use: taking it whatever its version.")]
        public static partial void StoreChanged(ILogger logger, string storeId, long version, string previousStoreId, long previousVersion);

        [LoggerMessage(EventIds.TableDeltaFallback, LogLevel.Information, "Cannot sync routing table changes after version {version} incrementally ({reason}); fetching the full table.")]
        public static partial void DeltaFallback(ILogger logger, long version, string reason);

        [LoggerMessage(EventIds.TableDeltaUnsupported, LogLevel.Warning, "The control plane at {controlPlane} has no routing-table delta endpoint; long-polling the full table instead.")]
        public static partial void DeltaUnsupported(ILogger logger, string controlPlane);

        [LoggerMessage(EventIds.ControlPlaneUnreachable, LogLevel.Warning, "Cannot sync the routing table from {controlPlane}: {reason}. Serving version {version} and retrying with back-off.")]
        public static partial void Unreachable(ILogger logger, string controlPlane, string reason, long version);

        [LoggerMessage(EventIds.ControlPlaneStillUnreachable, LogLevel.Debug, "Still cannot sync from {controlPlane} after {failures} attempts: {reason}")]
        public static partial void StillUnreachable(ILogger logger, string controlPlane, int failures, string reason);

        [LoggerMessage(EventIds.ControlPlaneFailover, LogLevel.Warning, "Moving the routing-table sync from control plane {failed} to {next} ({reason}).")]
        public static partial void FailedOver(ILogger logger, string failed, string next, string reason);

        [LoggerMessage(EventIds.ControlPlaneReconnected, LogLevel.Information, "Syncing the routing table from {controlPlane} again after {failures} failed attempts.")]
        public static partial void Reconnected(ILogger logger, string controlPlane, int failures);
    }
}
