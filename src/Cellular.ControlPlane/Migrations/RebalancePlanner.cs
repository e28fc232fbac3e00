using Cellular.ControlPlane.Placement;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// Plans a rebalance greedily: while a cell is above the threshold, move the tenant that removes
/// the most overload (utilisation above the threshold, summed over cells) per unit of size, to the
/// least utilised cell it fits under the threshold. A move never pushes its target above the
/// threshold, so every step strictly lowers the total overload and the plan ends.
/// </summary>
internal static class RebalancePlanner
{
    /// <summary>The plan over <paramref name="cells"/> (Active cells, loads including migrations under way).</summary>
    public static (List<RebalanceMove> Moves, List<CellUtilisation> Before, List<CellUtilisation> After) Plan(
        IReadOnlyList<CellLoad> cells,
        IReadOnlyList<RebalanceCandidate> candidates,
        double threshold,
        int maxMoves)
    {
        var load = cells.ToDictionary(c => c.Id, c => c.Load, StringComparer.Ordinal);
        var capacity = cells.ToDictionary(c => c.Id, c => c.Capacity, StringComparer.Ordinal);
        var before = Utilisations(cells, load);
        var remaining = candidates.Where(c => load.ContainsKey(c.Cell)).ToList();
        var moves = new List<RebalanceMove>();
        while (moves.Count < maxMoves)
        {
            (RebalanceCandidate Candidate, string Target, double Gain, double Score)? best = null;
            foreach (var candidate in remaining)
            {
                var from = candidate.Cell;
                var gain = Overload(load[from], capacity[from], threshold) - Overload(load[from] - candidate.Weight, capacity[from], threshold);
                if (gain <= 0 || Target(cells, load, candidate, threshold) is not { } target)
                {
                    continue;
                }

                var score = gain / candidate.Size;
                if (best is null || score > best.Value.Score || (score == best.Value.Score && (gain > best.Value.Gain
                    || (gain == best.Value.Gain && string.CompareOrdinal(candidate.Tenant, best.Value.Candidate.Tenant) < 0))))
                {
                    best = (candidate, target, gain, score);
                }
            }

            if (best is not { } chosen)
            {
                break;
            }

            var moved = chosen.Candidate;
            load[moved.Cell] -= moved.Weight;
            load[chosen.Target] += moved.Weight;
            remaining.Remove(moved);
            moves.Add(new RebalanceMove(
                moved.Tenant,
                moved.Cell,
                chosen.Target,
                moved.Weight,
                moved.Size,
                moved.SizeUnit,
                Round(load[moved.Cell], capacity[moved.Cell]),
                Round(load[chosen.Target], capacity[chosen.Target])));
        }

        return (moves, before, Utilisations(cells, load));
    }

    /// <summary>The least utilised other cell that stays at or below the threshold (and within capacity) with the tenant added.</summary>
    private static string? Target(IReadOnlyList<CellLoad> cells, Dictionary<string, long> load, RebalanceCandidate candidate, double threshold)
    {
        var fitting = cells
            .Where(c => c.Id != candidate.Cell)
            .Select(c => c with { Load = load[c.Id] })
            .Where(c => c.HasRoomFor(candidate.Weight) && (double)(c.Load + candidate.Weight) / c.Capacity <= threshold);
        return PlacementPolicy.ChooseLeastUtilised(fitting, candidate.Weight, region: null)?.Id;
    }

    private static double Overload(long load, int capacity, double threshold) => Math.Max(0, ((double)load / capacity) - threshold);

    private static List<CellUtilisation> Utilisations(IReadOnlyList<CellLoad> cells, Dictionary<string, long> load) =>
        cells.Select(c => new CellUtilisation(c.Id, load[c.Id], c.Capacity, Round(load[c.Id], c.Capacity))).ToList();

    private static double Round(long load, int capacity) => Math.Round((double)load / capacity, 4);
}
