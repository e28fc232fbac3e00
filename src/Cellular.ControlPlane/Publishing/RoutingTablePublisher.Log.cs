namespace Cellular.ControlPlane.Publishing;

/// <summary>Log events of the publisher.</summary>
internal sealed partial class RoutingTablePublisher
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.TablePublished, LogLevel.Debug, "Routing table version {version} committed")]
        public static partial void TablePublished(ILogger logger, long version);

        [LoggerMessage(Logging.EventIds.TableBuilt, LogLevel.Debug, "Routing table version {version} built: {cells} cells, {tenants} tenants, {bytes} bytes")]
        public static partial void TableBuilt(ILogger logger, long version, int cells, int tenants, int bytes);
    }
}
