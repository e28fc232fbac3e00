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

        [LoggerMessage(EventIds.CutoverRetried, LogLevel.Debug, "Tenant {tenant} was refused by cell {cell} (421, owner {owner}) at table version {version}; sent again to cell {newCell} with epoch {epoch} (table version {newVersion}) after {heldMs} ms.")]
        public static partial void Retrying(ILogger logger, string tenant, string cell, string? owner, long version, string newCell, long epoch, long newVersion, long heldMs);

        [LoggerMessage(EventIds.CutoverHoldTimedOut, LogLevel.Warning, "Tenant {tenant} is refused by cell {cell} (421, owner {owner}) but routing table version {version} has not moved it within {holdTimeout}; its requests get 503. Is the router cut off from the control plane? Logged at most every 5 s.")]
        public static partial void HoldTimedOut(ILogger logger, string tenant, string cell, string? owner, long version, TimeSpan holdTimeout);

        [LoggerMessage(EventIds.CutoverHoldFull, LogLevel.Warning, "{limit} requests are already held for tenants being moved; tenant {tenant}, refused by cell {cell} at table version {version}, gets 503 at once. Logged at most every 5 s.")]
        public static partial void HoldFull(ILogger logger, int limit, string tenant, string cell, long version);

        [LoggerMessage(EventIds.CutoverBodyTooLarge, LogLevel.Warning, "Tenant {tenant} was refused by cell {cell} (421) at table version {version} and the request body is over {limit} bytes, too large to send again; it gets 503. Logged at most every 5 s.")]
        public static partial void BodyTooLarge(ILogger logger, string tenant, string cell, long version, int limit);

        [LoggerMessage(EventIds.CutoverRefusedAgain, LogLevel.Warning, "Tenant {tenant} was refused by cell {cell} and, on its retry, by cell {newCell} (table version {version}); it gets 503. Logged at most every 5 s.")]
        public static partial void RefusedAgain(ILogger logger, string tenant, string cell, string newCell, long version);

        [LoggerMessage(EventIds.AssertionRefusedByCell, LogLevel.Warning, "Cell {cell} refused the router's assertion (401 CellularAssertion) signed with key generation {generation}; fetching the assertion keys again, its requests get 503 meanwhile. Is the router's key stale or its clock off? Logged at most every 5 s.")]
        public static partial void AssertionRefused(ILogger logger, string cell, long generation);
    }
}
