namespace Cellular.Simulation;

/// <summary>A call of the cell contract failed (refused, timed out): CellTenantCallException in the control plane.</summary>
internal sealed class CellCallFailedException(string message, Exception inner) : Exception(message, inner);
