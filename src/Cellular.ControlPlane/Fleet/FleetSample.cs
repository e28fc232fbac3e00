using Cellular.Core.Api;

namespace Cellular.ControlPlane.Fleet;

/// <summary>What the sampler last read from the routers, replaced as a whole after every sample.</summary>
/// <param name="Sequence">Counts samples since start-up (0: none yet).</param>
/// <param name="StatsAvailable">Whether every router could be read at this sample.</param>
/// <param name="StatsError">Why not.</param>
/// <param name="RoutersConfigured">Whether any router is configured at all.</param>
/// <param name="SampledAt">When the routers were last read successfully (null: never).</param>
/// <param name="Cells">Per live cell: its signals and sparkline.</param>
/// <param name="Fleet">Every live cell together.</param>
internal sealed record FleetSample(
    long Sequence,
    bool StatsAvailable,
    string? StatsError,
    bool RoutersConfigured,
    DateTimeOffset? SampledAt,
    IReadOnlyDictionary<string, CellSample> Cells,
    CellSignals Fleet)
{
    /// <summary>Before the first sample.</summary>
    public static FleetSample None { get; } = new(0, false, "The routers' statistics have not been read yet.", false, null, new Dictionary<string, CellSample>(), CellSignals.None);

    /// <summary>The sample of <paramref name="cell"/>: no data and an empty sparkline when the sampler does not know it yet.</summary>
    public CellSample For(string cell) => Cells.GetValueOrDefault(cell) ?? CellSample.Empty;
}

/// <summary>One cell's part of a <see cref="FleetSample"/>.</summary>
/// <param name="Signals">Over the signal window.</param>
/// <param name="Sparkline">Requests per second per sample, oldest first.</param>
internal sealed record CellSample(CellSignals Signals, IReadOnlyList<double> Sparkline)
{
    public static CellSample Empty { get; } = new(CellSignals.None, []);
}
