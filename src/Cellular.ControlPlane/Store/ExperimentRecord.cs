using Cellular.Core.Api;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// A stored experiment: what the API shows, plus the per-cell router statistics read when its
/// before- and during-windows closed (router buckets expire, so they are kept here for the report).
/// </summary>
/// <param name="Experiment">The experiment as the API shows it.</param>
/// <param name="Before">Per cell, the before-window (the stop conditions' baseline); null until the fault phase starts.</param>
/// <param name="During">Per cell, the fault phase; null until it ends (or when the routers could not be read then).</param>
internal sealed record ExperimentRecord(
    Experiment Experiment,
    IReadOnlyDictionary<string, ExperimentWindowStats>? Before = null,
    IReadOnlyDictionary<string, ExperimentWindowStats>? During = null)
{
    public string Id => Experiment.Id;

    public ExperimentState State => Experiment.State;

    /// <summary>True while the fault may be set: the experiment has not ended.</summary>
    public bool IsActive => State is ExperimentState.Pending or ExperimentState.Running;
}
