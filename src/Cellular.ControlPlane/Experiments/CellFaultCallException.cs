namespace Cellular.ControlPlane.Experiments;

/// <summary>A cell's <c>/_cell/faults</c> call failed; the message names the cell's endpoint and says why.</summary>
internal sealed class CellFaultCallException(string message, Exception? inner = null) : Exception(message, inner);
