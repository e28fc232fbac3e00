namespace Cellular.Cli.Local;

/// <summary>A running process cell, as its own <c>/_cell/info</c> describes it.</summary>
/// <param name="CellId">The cell's id.</param>
/// <param name="Endpoint">Where it listens.</param>
/// <param name="ProcessId">Its process id, e.g. to kill it in a test.</param>
public sealed record CellProcess(string CellId, Uri Endpoint, int ProcessId);
