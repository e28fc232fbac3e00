using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Asks several <see cref="ICellActivityGuard"/>s about several cells in one transaction.</summary>
internal static class CellActivityGuards
{
    /// <summary>The first conflict the guards of kinds other than <paramref name="exceptKind"/> find on any of <paramref name="cells"/>, in order; null when all are free.</summary>
    public static async Task<string?> FindConflictAsync(this IEnumerable<ICellActivityGuard> guards, StoreTransaction tx, IEnumerable<string> cells, string? exceptKind = null)
    {
        var consulted = guards.Where(g => g.Kind != exceptKind).ToList();
        foreach (var cell in cells)
        {
            foreach (var guard in consulted)
            {
                if (await guard.FindConflictAsync(tx, cell) is { } conflict)
                {
                    return conflict;
                }
            }
        }

        return null;
    }
}
