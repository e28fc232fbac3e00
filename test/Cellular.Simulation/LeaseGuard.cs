namespace Cellular.Simulation;

/// <summary>What a workflow's store write proves in its transaction: its lease is still this owner's, with this token, unexpired.</summary>
internal sealed record LeaseGuard(string Name, string Owner, long Token);
