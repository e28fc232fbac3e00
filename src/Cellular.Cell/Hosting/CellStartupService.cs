using Cellular.Cell.Logging;
using Cellular.Cell.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Hosting;

/// <summary>
/// Fixes the cell's start time and announces the cell in the log, so an operator reading a
/// cell's output sees first which cell, version and store it is, and whether it runs without
/// authentication.
/// </summary>
internal sealed partial class CellStartupService(CellRuntime runtime, CellCredentials credentials, IOptions<CellOptions> options, ILogger<CellStartupService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cell = options.Value;
        using (logger.BeginCellScope(cell.Id))
        {
            LogCellStarting(logger, cell.Id, cell.Version, runtime.ProcessId, Path.GetFullPath(cell.DataDir));
            if (!credentials.HasSecret)
            {
                LogUnsigned(logger, cell.Id, CellAuthOptions.SectionName);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
