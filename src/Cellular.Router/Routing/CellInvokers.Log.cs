namespace Cellular.Router.Routing;

internal sealed partial class CellInvokers
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.CellEndpointChanged, LogLevel.Information, "Cell {cell} moved from {oldEndpoint} to {endpoint}; its connection pool is replaced.")]
        public static partial void EndpointChanged(ILogger logger, string cell, string oldEndpoint, string endpoint);
    }
}
