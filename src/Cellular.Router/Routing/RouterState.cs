using Cellular.Core.Routing;

namespace Cellular.Router.Routing;

/// <summary>
/// Everything the request path needs, swapped as one immutable object: the table, a target per
/// cell (indexed like <see cref="RoutingTable.Cells"/>) and where the table came from.
/// </summary>
internal sealed class RouterState
{
    /// <summary>Creates a state; <paramref name="targets"/> must match <paramref name="table"/>'s cells.</summary>
    public RouterState(RoutingTable table, CellTarget[] targets, TableSource source)
    {
        Table = table;
        Targets = targets;
        Source = source;
    }

    /// <summary>What a router has before any table: the empty table.</summary>
    public static RouterState Empty { get; } = new(RoutingTable.Empty, [], TableSource.None);

    /// <summary>The routing table in use.</summary>
    public RoutingTable Table { get; }

    /// <summary>One target per cell of <see cref="Table"/>, same index.</summary>
    public CellTarget[] Targets { get; }

    /// <summary>Where <see cref="Table"/> came from.</summary>
    public TableSource Source { get; }
}
