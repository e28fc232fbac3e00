namespace Cellular.Simulation;

/// <summary>GET hash: a digest of the live logical rows (not sequence numbers) and their count.</summary>
internal sealed record DataHash(long Value, int Rows);
