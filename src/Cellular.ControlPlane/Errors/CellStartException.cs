namespace Cellular.ControlPlane.Errors;

/// <summary>A provider could not make a cell run and answer its health check; the message says why.</summary>
internal sealed class CellStartException(string message, Exception? inner = null) : Exception(message, inner);
