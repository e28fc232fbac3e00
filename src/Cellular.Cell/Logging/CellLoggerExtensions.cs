using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Logging;

/// <summary>
/// Opens the log scope that names the cell (and tenant). Every request gets it from the SDK;
/// background work does not run inside a request, so a <c>BackgroundService</c> opens it once
/// at the top of <c>ExecuteAsync</c> and everything logged by that flow carries the cell:
/// <code>using var scope = logger.BeginCellScope(cellOptions.Value.Id);</code>
/// </summary>
public static class CellLoggerExtensions
{
    /// <summary>Begins a scope with <c>cell</c> and, when given, <c>tenant</c>.</summary>
    /// <returns>The scope to dispose, or null when the logger does not support scopes.</returns>
    public static IDisposable? BeginCellScope(this ILogger logger, string cellId, string? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(cellId);
        return logger.BeginScope(new CellLogScope(cellId, tenantId));
    }
}
