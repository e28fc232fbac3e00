namespace Cellular.Simulation;

/// <summary>A step before the switch found the move cannot go on: it is rolled back (Aborted).</summary>
internal sealed class MigrationAbortException(string message) : Exception(message);
