namespace Cellular.Simulation;

/// <summary>No answer in time: the request or the answer was lost, the callee is down, paused or cut off. Whether it acted is unknown.</summary>
internal sealed class CallTimeoutException(string message) : Exception(message);
