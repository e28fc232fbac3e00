using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store;

/// <summary>A requested cell state change, checked against the current state inside the write transaction.</summary>
/// <param name="Id">Cell id.</param>
/// <param name="Target">The state to move to.</param>
/// <param name="Action">Audit action, e.g. <c>cell.drain</c>.</param>
/// <param name="FromProvisioning">True only for the control plane finishing a cell's creation.</param>
internal sealed record CellStateChange(string Id, CellState Target, string Action, bool FromProvisioning = false);
