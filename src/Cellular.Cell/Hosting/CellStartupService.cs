using Cellular.Cell.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Hosting;

/// <summary>
/// Fixes the cell's start time and announces the cell in the log, so an operator reading a
/// cell's output sees first which cell, version and store it is.
/// </summary>
internal sealed partial class CellStartupService(CellRuntime runtime, IOptions<CellOptions> options, ILogger<CellStartupService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cell = options.Value;
        using (logger.BeginCellScope(cell.Id))
        {
            LogCellStarting(logger, cell.Id, cell.Version, runtime.ProcessId, Path.GetFullPath(cell.DataDir));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
