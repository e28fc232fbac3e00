namespace Cellular.ControlPlane.Experiments;

/// <summary>A router's statistics could not be read; the message names the router and says why.</summary>
internal sealed class RouterStatsException(string message, Exception? inner = null) : Exception(message, inner);
