namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>Tests that measure the process (memory) or read process-wide meters run alone, with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
