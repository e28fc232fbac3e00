namespace Cellular.PropagationBenchmark;

/// <summary>The stack did not do what the benchmark needs; the message says what and where its logs are.</summary>
internal sealed class BenchmarkFailedException(string message) : Exception(message);
