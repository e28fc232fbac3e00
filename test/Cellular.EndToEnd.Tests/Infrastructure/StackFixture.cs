namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>One stack shared by the tests of a class that do not break it (xunit class fixture).</summary>
public abstract class StackFixture(int cells) : IAsyncLifetime
{
    public Stack Stack { get; private set; } = null!;

    public async Task InitializeAsync() => Stack = await Stack.StartAsync(cells);

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}

/// <summary>Three cells.</summary>
public sealed class ThreeCellStack() : StackFixture(3);

/// <summary>Two cells.</summary>
public sealed class TwoCellStack() : StackFixture(2);
