namespace Cellular.ControlPlane.Errors;

/// <summary>A provider could not make a cell run and answer its health check; the message says why.</summary>
internal sealed class CellStartException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// True when the cell died because its port was taken (Kestrel's "address already in use", in the
    /// log tail the message carries): another program took the port after the provider found it free,
    /// so starting again on another port may work.
    /// </summary>
    public bool PortTaken => Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
}
