namespace Cellular.Core.Routing.Fallbacks;

/// <summary>Resolves keys that have no pin and no assignment. Implementations are immutable.</summary>
public abstract class FallbackStrategy
{
    /// <summary>The rule reported when this strategy decides.</summary>
    public abstract RouteRule Rule { get; }

    /// <summary>Which strategy this is.</summary>
    public abstract FallbackKind Kind { get; }

    /// <summary>Returns the index of the cell for <paramref name="key"/>, or -1. Must not allocate.</summary>
    public abstract int Resolve(ReadOnlySpan<char> key);

    /// <summary>The serialisable form, using cell ids from <paramref name="cells"/>.</summary>
    public abstract FallbackSpec ToSpec(IReadOnlyList<RouteCell> cells);
}
