using Cellular.Cell.Internal;
using Cellular.Core.Api;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.TenantData;

internal sealed partial class CellTenantOperations
{
    [LoggerMessage(EventId = EventIds.TenantFenced, Level = LogLevel.Information, Message = "Tenant {Tenant} fenced at epoch {Epoch}; draining {InFlight} in-flight requests")]
    private static partial void LogFenced(ILogger logger, string tenant, long epoch, int inFlight);

    [LoggerMessage(EventId = EventIds.TenantDrained, Level = LogLevel.Information, Message = "Tenant {Tenant} drained in {DrainMilliseconds} ms at position {Position}")]
    private static partial void LogDrained(ILogger logger, string tenant, long drainMilliseconds, long position);

    [LoggerMessage(EventId = EventIds.TenantDrainTimedOut, Level = LogLevel.Warning, Message = "Tenant {Tenant} still has {InFlight} requests in flight after {TimeoutMilliseconds} ms; it stays fenced")]
    private static partial void LogDrainTimedOut(ILogger logger, string tenant, int inFlight, long timeoutMilliseconds);

    [LoggerMessage(EventId = EventIds.TenantUnfenced, Level = LogLevel.Information, Message = "Tenant {Tenant} unfenced; served again at epoch {Epoch}")]
    private static partial void LogUnfenced(ILogger logger, string tenant, long epoch);

    [LoggerMessage(EventId = EventIds.TenantActivated, Level = LogLevel.Information, Message = "Tenant {Tenant} activated at epoch {Epoch}")]
    private static partial void LogActivated(ILogger logger, string tenant, long epoch);

    [LoggerMessage(EventId = EventIds.TenantMovedAway, Level = LogLevel.Information, Message = "Tenant {Tenant} moved to cell {Owner} at epoch {Epoch}")]
    private static partial void LogMovedAway(ILogger logger, string tenant, string owner, long epoch);

    [LoggerMessage(EventId = EventIds.TenantImported, Level = LogLevel.Information, Message = "Tenant {Tenant} imported: {Rows} rows at watermark {Watermark}")]
    private static partial void LogImported(ILogger logger, string tenant, int rows, long watermark);

    [LoggerMessage(EventId = EventIds.TenantChangesApplied, Level = LogLevel.Information, Message = "Tenant {Tenant}: applied {Changes} changes up to {Watermark}")]
    private static partial void LogChangesApplied(ILogger logger, string tenant, int changes, long watermark);

    [LoggerMessage(EventId = EventIds.TenantPurged, Level = LogLevel.Warning, Message = "Tenant {Tenant} purged ({State} here, force {Force})")]
    private static partial void LogPurged(ILogger logger, string tenant, TenantOwnershipState state, bool force);
}
