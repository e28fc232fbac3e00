using Cellular.Cell.Internal;
using Cellular.Core.Api;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Faults;

internal sealed partial class CellFaultRegistry
{
    [LoggerMessage(EventId = EventIds.FaultSet, Level = LogLevel.Warning, Message = "Fault {FaultId} set: {Kind} for {DurationSeconds} s until {ExpiresAt:O}, rate {Rate}, latency {LatencyMs} ms, status {Status}, tenants {Tenants}")]
    private static partial void LogFaultSet(ILogger logger, string faultId, CellFaultKind kind, int durationSeconds, DateTimeOffset expiresAt, double rate, int? latencyMs, int? status, string tenants);

    [LoggerMessage(EventId = EventIds.FaultCleared, Level = LogLevel.Information, Message = "Fault {FaultId} ({Kind}) cleared")]
    private static partial void LogFaultCleared(ILogger logger, string faultId, CellFaultKind kind);

    [LoggerMessage(EventId = EventIds.FaultExpired, Level = LogLevel.Information, Message = "Fault {FaultId} ({Kind}) expired at {ExpiresAt:O}")]
    private static partial void LogFaultExpired(ILogger logger, string faultId, CellFaultKind kind, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = EventIds.FaultsCleared, Level = LogLevel.Information, Message = "All faults cleared ({Count} were active)")]
    private static partial void LogFaultsCleared(ILogger logger, int count);
}
