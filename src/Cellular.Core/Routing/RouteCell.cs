using Cellular.Core.Model;

namespace Cellular.Core.Routing;

/// <summary>A cell as the router sees it: where to forward and whether it is serving.</summary>
/// <param name="Index">Position in <see cref="RoutingTable.Cells"/>; stable within one table version.</param>
/// <param name="Id">Cell id.</param>
/// <param name="Endpoint">Base URL to forward to; null while the cell has none yet.</param>
/// <param name="State">Lifecycle state at the time the table was built.</param>
public sealed record RouteCell(int Index, string Id, string? Endpoint, CellState State)
{
    /// <summary>True when requests may be forwarded to this cell.</summary>
    public bool IsServing => State.IsServing() && Endpoint is not null;
}
