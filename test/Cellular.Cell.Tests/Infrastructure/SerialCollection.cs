namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>Tests that measure the process (memory) run alone, with no other test allocating beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
