using Cellular.Cell.Internal;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Hosting;

internal sealed partial class CellStartupService
{
    [LoggerMessage(EventId = EventIds.CellStarting, Level = LogLevel.Information, Message = "Cell {Cell} version {Version} starting in process {ProcessId}; data in {DataDir}")]
    private static partial void LogCellStarting(ILogger logger, string cell, string version, int processId, string dataDir);
}
