namespace Cellular.Simulation;

/// <summary>POST fence: the epoch fenced at and the high-water mark after in-flight writes drained.</summary>
internal sealed record FenceResult(long Epoch, long Position);
