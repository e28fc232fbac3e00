using Cellular.Core.Api;

namespace Cellular.ControlPlane.Store;

/// <summary>Deployments, the deployment freeze and cells' releases. The rules (plans, gates, controls) live in <c>Deployments/</c>; the store keeps what they decided.</summary>
internal partial interface ICellularStore
{
    /// <summary>Stores a new deployment under the next id (<c>dep-{n}</c>) and audits <c>deployment.create</c>.</summary>
    Task<DeploymentRecord> CreateDeploymentAsync(DeploymentRecord deployment, string actor, CancellationToken cancellationToken);

    Task<DeploymentRecord?> GetDeploymentAsync(string id, CancellationToken cancellationToken);

    /// <summary>The newest deployments first; only those whose plan includes <paramref name="cell"/> when given.</summary>
    Task<IReadOnlyList<DeploymentRecord>> ListDeploymentsAsync(int limit, string? cell, CancellationToken cancellationToken);

    /// <summary>Deployments not in a final state, oldest first.</summary>
    Task<IReadOnlyList<DeploymentRecord>> ListUnfinishedDeploymentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes a deployment in one transaction if its state is one of <paramref name="from"/> (any
    /// state when null), writing <paramref name="audit"/> with it. Null when it is missing or in another state.
    /// </summary>
    Task<DeploymentRecord?> UpdateDeploymentAsync(
        string id,
        IReadOnlyCollection<DeploymentState>? from,
        Func<DeploymentRecord, DeploymentRecord> change,
        DeploymentAudit? audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="cell"/> run <paramref name="release"/> at <paramref name="endpoint"/>:
    /// the release it ran becomes its previous one, the endpoint goes into the routing table (the
    /// version is bumped) and <c>cell.release</c> is audited. Refused (409) for a retired cell.
    /// </summary>
    Task<Committed<CellRecord>> SwitchCellReleaseAsync(string cell, CellRelease release, string endpoint, string actor, string? deployment, CancellationToken cancellationToken);

    /// <summary>The release each cell ran before its current one (cells never deployed are missing).</summary>
    Task<IReadOnlyDictionary<string, CellRelease>> ListPreviousReleasesAsync(CancellationToken cancellationToken);

    Task<DeploymentFreeze> GetDeploymentFreezeAsync(CancellationToken cancellationToken);

    /// <summary>Engages or releases the deployment freeze; audited only when it changes.</summary>
    Task<DeploymentFreeze> SetDeploymentFreezeAsync(bool engaged, string? reason, string actor, CancellationToken cancellationToken);
}
