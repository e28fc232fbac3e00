namespace Cellular.Core.Routing;

/// <summary>A snapshot or table file that cannot be used; the message says why, for a person.</summary>
public sealed class RoutingTableException(string message, Exception? inner = null) : Exception(message, inner);
