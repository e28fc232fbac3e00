namespace Cellular.Simulation;

/// <summary>A workflow's store write was refused by the lease fence: the run stops and writes nothing.</summary>
internal sealed class LeaseLostException(string message) : Exception(message);
