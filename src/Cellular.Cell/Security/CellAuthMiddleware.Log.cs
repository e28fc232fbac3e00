using Cellular.Cell.Internal;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Security;

internal sealed partial class CellAuthMiddleware
{
    [LoggerMessage(EventId = EventIds.AssertionRefused, Level = LogLevel.Debug, Message = "Refused {Method} {Path} with 401: {Reason}")]
    private static partial void LogAssertionRefused(ILogger logger, string method, string? path, string reason);

    [LoggerMessage(EventId = EventIds.ControlRefused, Level = LogLevel.Warning, Message = "Refused {Method} {Path} of the cell contract with {Status}: {Reason}")]
    private static partial void LogControlRefused(ILogger logger, string method, string? path, int status, string reason);
}
