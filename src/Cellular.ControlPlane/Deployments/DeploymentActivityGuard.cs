using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// A cell is busy from the moment a deployment's wave reaches it until that deployment ends: while
/// it is staged, switched, baking or rolled back, an experiment or a migration would blur the
/// gates' evidence and a rollback could race a move.
/// </summary>
internal sealed class DeploymentActivityGuard(DeploymentStore deploymentStore) : ICellActivityGuard
{
    /// <summary>The <see cref="ICellActivityGuard.Kind"/> of deployments.</summary>
    public const string Name = "deployment";

    public string Kind => Name;

    public async Task<string?> FindConflictAsync(StoreTransaction tx, string cell)
    {
        var busy = (await deploymentStore.ListUnfinishedAsync(tx))
            .FirstOrDefault(d => d.Deployment.Cells.Any(c => c.Cell == cell && c.State is not (DeploymentCellState.Pending or DeploymentCellState.Skipped)));
        return busy is null
            ? null
            : $"Cell '{cell}' is being deployed by {busy.Id} (version {busy.Deployment.Version}, {busy.State}); wait for it to end or abort it (POST /api/v1/deployments/{busy.Id}/abort).";
    }
}
