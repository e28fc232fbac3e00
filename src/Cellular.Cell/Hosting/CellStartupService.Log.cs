using Cellular.Cell.Internal;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Hosting;

internal sealed partial class CellStartupService
{
    [LoggerMessage(EventId = EventIds.CellStarting, Level = LogLevel.Information, Message = "Cell {Cell} version {Version} starting in process {ProcessId}; data in {DataDir}")]
    private static partial void LogCellStarting(ILogger logger, string cell, string version, int processId, string dataDir);

    [LoggerMessage(EventId = EventIds.UnsignedCell, Level = LogLevel.Warning, Message = "Cell {Cell} has no secret and {Section}:AllowUnsigned is true: it serves tenant requests without the router's assertion and leaves /_cell/* open to anyone who reaches its port")]
    private static partial void LogUnsigned(ILogger logger, string cell, string section);
}
