using Cellular.Cell.Internal;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Tenancy;

internal sealed partial class RequireTenantFilter
{
    [LoggerMessage(EventId = EventIds.TenantRefused, Level = LogLevel.Debug, Message = "Refused request to {Path} without a valid tenant: {Reason}")]
    private static partial void LogTenantRefused(ILogger logger, string? path, string reason);
}
