using Cellular.Core.Model;

namespace Cellular.ControlPlane.Placement;

/// <summary>
/// Chooses the cell for a new tenant: the least utilised (load / capacity) Active cell with
/// room for the tenant's weight. Ties go to the cell with more free room, then to the lower
/// id, so the choice is deterministic.
/// </summary>
internal static class PlacementPolicy
{
    public static CellLoad? ChooseLeastUtilised(IEnumerable<CellLoad> cells, int weight, string? region)
    {
        CellLoad? best = null;
        foreach (var cell in cells)
        {
            if (cell.State != CellState.Active || !cell.HasRoomFor(weight) || (region is not null && cell.Region != region))
            {
                continue;
            }

            if (best is null || IsBetter(cell, best))
            {
                best = cell;
            }
        }

        return best;
    }

    private static bool IsBetter(CellLoad a, CellLoad b)
    {
        // a.Load / a.Capacity < b.Load / b.Capacity, compared exactly.
        var left = (Int128)a.Load * b.Capacity;
        var right = (Int128)b.Load * a.Capacity;
        if (left != right)
        {
            return left < right;
        }

        var freeA = a.Capacity - a.Load;
        var freeB = b.Capacity - b.Load;
        if (freeA != freeB)
        {
            return freeA > freeB;
        }

        return string.CompareOrdinal(a.Id, b.Id) < 0;
    }
}
