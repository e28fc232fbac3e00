using Cellular.Cell.Internal;
using Cellular.Core.Api;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Faults;

internal sealed partial class CellFaultMiddleware
{
    [LoggerMessage(EventId = EventIds.FaultInjected, Level = LogLevel.Debug, Message = "Fault {FaultId} ({Kind}) hit {Method} {Path} of tenant {Tenant}")]
    private static partial void LogFaultInjected(ILogger logger, string faultId, CellFaultKind kind, string method, string? path, string? tenant);

    [LoggerMessage(EventId = EventIds.CrashInjected, Level = LogLevel.Critical, Message = "Fault {FaultId} crashes the cell process now: {Method} {Path} of tenant {Tenant}")]
    private static partial void LogCrashInjected(ILogger logger, string faultId, string method, string? path, string? tenant);
}
