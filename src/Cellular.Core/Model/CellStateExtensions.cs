namespace Cellular.Core.Model;

/// <summary>What each <see cref="CellState"/> means for routing and placement.</summary>
public static class CellStateExtensions
{
    /// <summary>True when the router forwards requests to a cell in this state.</summary>
    public static bool IsServing(this CellState state) => state is CellState.Active or CellState.Draining;

    /// <summary>True when placement may put new tenants in a cell in this state.</summary>
    public static bool AcceptsTenants(this CellState state) => state == CellState.Active;
}
