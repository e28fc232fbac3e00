namespace Cellular.Simulation;

/// <summary>How the simulated network behaves in one run.</summary>
/// <param name="MinDelayMs">Shortest one-way delay.</param>
/// <param name="MaxDelayMs">Longest usual one-way delay.</param>
/// <param name="SpikeRate">Share of messages delayed by up to <paramref name="SpikeMs"/> more (reordering them).</param>
/// <param name="SpikeMs">The longest extra delay of a spike.</param>
/// <param name="DropRate">Share of messages lost.</param>
/// <param name="DuplicateRate">Share of messages delivered twice (only where a retrying client could send one twice).</param>
internal sealed record NetworkProfile(int MinDelayMs, int MaxDelayMs, double SpikeRate, int SpikeMs, double DropRate, double DuplicateRate);
