using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding;

internal sealed partial class CellForwarder
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.CellNotAnswering, LogLevel.Warning, "Cell {cell} at {endpoint} is not answering ({error}); its requests get 503. Logged at most every 5 s per cell.")]
        public static partial void CellNotAnswering(ILogger logger, string cell, string endpoint, ForwarderError error, Exception? exception);

        [LoggerMessage(EventIds.CellShedding, LogLevel.Warning, "Cell {cell} is shedding load: {limit} requests are in flight to it, more get 503. Logged at most every 5 s per cell.")]
        public static partial void Shedding(ILogger logger, string cell, int limit);
    }
}
