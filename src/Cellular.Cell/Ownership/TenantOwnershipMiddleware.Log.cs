using Cellular.Cell.Internal;
using Cellular.Core.Api;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Ownership;

internal sealed partial class TenantOwnershipMiddleware
{
    [LoggerMessage(EventId = EventIds.TenantMisdirected, Level = LogLevel.Debug, Message = "Refused tenant {Tenant} with 421: {State} here at epoch {Epoch}, request epoch {RequestEpoch}")]
    private static partial void LogMisdirected(ILogger logger, string tenant, TenantOwnershipState state, long epoch, long? requestEpoch);
}
