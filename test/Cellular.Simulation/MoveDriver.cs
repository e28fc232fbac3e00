namespace Cellular.Simulation;

/// <summary>Who sends a cell-contract call: the move's epoch and the lease token of the run driving it (taken into account only by <see cref="ProtocolVariant.FencedCells"/>).</summary>
internal sealed record MoveDriver(long Epoch, long Token);
