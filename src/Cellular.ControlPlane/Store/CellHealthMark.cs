using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// The health monitor's note that it made a cell Unhealthy, stored with the cell so a restarted
/// control plane still knows which state to give back; any operator state change removes it.
/// </summary>
/// <param name="Cell">The cell id.</param>
/// <param name="ReturnState">The state before the monitor stepped in: Active or Draining.</param>
/// <param name="MarkedAt">When the cell was made Unhealthy.</param>
/// <param name="Reason">What the failing probes saw.</param>
internal sealed record CellHealthMark(string Cell, CellState ReturnState, DateTimeOffset MarkedAt, string Reason);
