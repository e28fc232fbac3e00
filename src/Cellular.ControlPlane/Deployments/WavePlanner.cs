using Cellular.Core.Model;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// The default wave plan: <c>dev</c> cells first, then <c>staging</c>, then <c>prod</c>; within a
/// stage the quietest cells first (a bad release should meet as few tenants as possible before a
/// gate sees it), in waves of 1, g, g², … cells. Stages never share a wave, so each stage bakes
/// before the next one starts.
/// </summary>
internal static class WavePlanner
{
    /// <summary>Plans waves of cell ids over <paramref name="cells"/>.</summary>
    /// <param name="cells">The cells to deploy, in any order.</param>
    /// <param name="traffic">Requests per cell id over the planning window; a missing cell counts as 0.</param>
    /// <param name="growth">Factor by which waves grow within a stage, at least 1 (1 = one cell per wave).</param>
    public static IReadOnlyList<IReadOnlyList<string>> Plan(IReadOnlyList<Cell> cells, IReadOnlyDictionary<string, long> traffic, int growth)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(traffic);
        ArgumentOutOfRangeException.ThrowIfLessThan(growth, 1);

        var waves = new List<IReadOnlyList<string>>();

        // CellStage is declared in deploy order: dev, staging, prod.
        foreach (var stage in cells.GroupBy(c => c.Stage).OrderBy(g => g.Key))
        {
            var ordered = stage
                .OrderBy(c => traffic.GetValueOrDefault(c.Id))
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => c.Id)
                .ToList();
            Cut(ordered, growth, waves);
        }

        return waves;
    }

    private static void Cut(List<string> ordered, int growth, List<IReadOnlyList<string>> waves)
    {
        long size = 1;
        var start = 0;
        while (start < ordered.Count)
        {
            var take = (int)Math.Min(size, ordered.Count - start);
            waves.Add(ordered.GetRange(start, take));
            start += take;

            // Capped so a large growth over many waves cannot overflow.
            size = Math.Min(size * growth, int.MaxValue);
        }
    }
}
