using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Health;

/// <summary>Builds the API's <see cref="CellHealthStatus"/> from the stored cell, the monitor's mark and its probe history.</summary>
internal static class CellHealthStatuses
{
    public static CellHealthStatus Of(CellRecord cell, CellHealthMark? mark, CellProbeHistory? history) => new(
        cell.Cell.Id,
        cell.Cell.State,
        history is null ? "unknown" : history.LastHealthy ? "healthy" : "failing",
        history?.LastProbeAt,
        history?.LastSuccessAt,
        history?.ConsecutiveFailures ?? 0,
        history?.ConsecutiveSuccesses ?? 0,
        history?.LastError,
        history?.LastErrorAt,
        mark?.MarkedAt,
        mark?.ReturnState);
}
