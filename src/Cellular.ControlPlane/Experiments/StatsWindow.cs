using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Per-cell statistics of one time range, summed over every router.</summary>
/// <param name="From">Start of the range the routers actually covered.</param>
/// <param name="To">End of that range.</param>
/// <param name="Cells">By cell id; a cell without requests may be missing.</param>
internal sealed record StatsWindow(DateTimeOffset From, DateTimeOffset To, IReadOnlyDictionary<string, ExperimentWindowStats> Cells)
{
    /// <summary>The stats of <paramref name="cell"/>, empty when no router saw a request for it.</summary>
    public ExperimentWindowStats For(string cell) => Cells.GetValueOrDefault(cell) ?? ExperimentWindowStats.Empty;
}
