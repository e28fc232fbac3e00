using Cellular.Core.Routing;
using Cellular.Router.Containment;

namespace Cellular.Router.Routing;

/// <summary>A cell of one table version together with the connection and the guard requests to it use.</summary>
/// <param name="Cell">The cell as that table version describes it.</param>
/// <param name="Connection">The pooled connection, or null when the cell has no endpoint.</param>
/// <param name="Guard">The cell's limits, circuit and statistics, shared across table versions.</param>
internal sealed record CellTarget(RouteCell Cell, CellConnection? Connection, CellGuard Guard)
{
    /// <summary>True when requests may be forwarded: the cell is Active or Draining and has an endpoint.</summary>
    public bool IsServing => Cell.IsServing && Connection is not null;
}
