namespace Cellular.Core.Routing;

/// <summary>Outcome of a routing-table lookup; a value type so lookups never allocate.</summary>
/// <param name="Rule">The rule that decided, <see cref="RouteRule.None"/> when nothing matched.</param>
/// <param name="CellIndex">Index into <see cref="RoutingTable.Cells"/>, or -1.</param>
/// <param name="Epoch">The tenant's ownership epoch (0 for fallback-routed keys).</param>
public readonly record struct RouteResult(RouteRule Rule, int CellIndex, long Epoch)
{
    /// <summary>The result for a key no rule matched.</summary>
    public static RouteResult NotFound => new(RouteRule.None, -1, 0);

    /// <summary>True when a cell was found.</summary>
    public bool Found => CellIndex >= 0;
}
