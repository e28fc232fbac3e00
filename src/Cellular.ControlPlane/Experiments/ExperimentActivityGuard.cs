using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Experiments;

/// <summary>A cell is busy while it is a target of a Pending or Running experiment.</summary>
internal sealed class ExperimentActivityGuard(ExperimentStore experimentStore) : ICellActivityGuard
{
    /// <summary>The <see cref="ICellActivityGuard.Kind"/> of experiments.</summary>
    public const string Name = "experiment";

    public string Kind => Name;

    public async Task<string?> FindConflictAsync(StoreTransaction tx, string cell)
    {
        var busy = (await experimentStore.ListUnfinishedAsync(tx))
            .FirstOrDefault(e => e.IsActive && e.Experiment.Targets.Contains(cell, StringComparer.Ordinal));
        return busy is null
            ? null
            : $"Cell '{cell}' is a target of experiment {busy.Id}, which is {busy.State}; stop it (POST /api/v1/experiments/{busy.Id}/stop) or wait for it to end.";
    }
}
