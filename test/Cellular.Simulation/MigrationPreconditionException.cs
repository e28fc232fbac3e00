namespace Cellular.Simulation;

/// <summary>What the move was planned on no longer holds: it is rolled back (Failed).</summary>
internal sealed class MigrationPreconditionException(string message) : Exception(message);
