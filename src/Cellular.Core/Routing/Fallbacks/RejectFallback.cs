namespace Cellular.Core.Routing.Fallbacks;

/// <summary>Unknown keys match nothing; the router answers 404.</summary>
public sealed class RejectFallback : FallbackStrategy
{
    /// <summary>The one instance; the strategy has no state.</summary>
    public static RejectFallback Instance { get; } = new();

    private RejectFallback()
    {
    }

    /// <inheritdoc />
    public override RouteRule Rule => RouteRule.None;

    /// <inheritdoc />
    public override FallbackKind Kind => FallbackKind.Reject;

    /// <inheritdoc />
    public override int Resolve(ReadOnlySpan<char> key) => -1;

    /// <inheritdoc />
    public override FallbackSpec ToSpec(IReadOnlyList<RouteCell> cells) => FallbackSpec.Reject;
}
