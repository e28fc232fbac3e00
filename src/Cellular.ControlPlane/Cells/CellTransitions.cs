using Cellular.ControlPlane.Store;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Cells;

/// <summary>
/// Which operator state changes a cell allows. Retired is final; a cell still being
/// provisioned belongs to the request creating it; a cell is retired only once it is empty.
/// </summary>
internal static class CellTransitions
{
    /// <summary>Why <paramref name="change"/> is refused for <paramref name="current"/>, or null when it is allowed.</summary>
    public static string? Refusal(CellRecord current, CellStateChange change)
    {
        var cell = current.Cell;
        if (cell.State == CellState.Retired)
        {
            return $"Cell '{cell.Id}' is retired; a retired cell cannot change state.";
        }

        if (cell.State == CellState.Provisioning && !change.FromProvisioning)
        {
            return $"Cell '{cell.Id}' is still being provisioned; try again once it is Active.";
        }

        if (change.Target == CellState.Retired && current.Tenants > 0)
        {
            return $"Cell '{cell.Id}' still holds {current.Tenants} tenant(s); move them to other cells before retiring it.";
        }

        return null;
    }
}
