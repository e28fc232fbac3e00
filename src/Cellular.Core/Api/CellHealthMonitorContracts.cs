using Cellular.Core.Model;

namespace Cellular.Core.Api;

/// <summary>
/// <c>GET /api/v1/cells/{id}/health</c> (and <c>health</c> of a <see cref="CellView"/>): what the
/// control plane's health monitor knows about a cell. Counters live in memory and start again
/// at zero when the control plane restarts; the Unhealthy mark is stored.
/// </summary>
/// <param name="Cell">The cell id.</param>
/// <param name="State">The cell's state now.</param>
/// <param name="Probe"><c>unknown</c> (not probed yet), <c>healthy</c> or <c>failing</c>: the outcome of the last probe.</param>
/// <param name="LastProbeAt">When the last probe finished.</param>
/// <param name="LastSuccessAt">When the cell last answered its health check with 2xx.</param>
/// <param name="ConsecutiveFailures">Failed probes in a row (errors, timeouts, non-2xx, wrong cell id).</param>
/// <param name="ConsecutiveSuccesses">Healthy probes in a row.</param>
/// <param name="LastError">What the last failed probe saw.</param>
/// <param name="LastErrorAt">When that was.</param>
/// <param name="MarkedUnhealthyAt">When the monitor made the cell Unhealthy; null unless it is Unhealthy because of the monitor.</param>
/// <param name="ReturnState">The state the monitor gives the cell back once it recovers (<c>Active</c> or <c>Draining</c>).</param>
public sealed record CellHealthStatus(
    string Cell,
    CellState State,
    string Probe,
    DateTimeOffset? LastProbeAt,
    DateTimeOffset? LastSuccessAt,
    int ConsecutiveFailures,
    int ConsecutiveSuccesses,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? MarkedUnhealthyAt,
    CellState? ReturnState);
