using Cellular.Core.Api;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// A stored deployment: what the API shows, plus per cell the router statistics of the window
/// before its deploy (its own baseline for the gates; router buckets expire, so they are kept here).
/// </summary>
/// <param name="Deployment">The deployment as the API shows it.</param>
/// <param name="Baselines">Per deployed cell, its statistics over the bake's length before its wave started.</param>
internal sealed record DeploymentRecord(Deployment Deployment, IReadOnlyDictionary<string, ExperimentWindowStats>? Baselines = null)
{
    public string Id => Deployment.Id;

    public DeploymentState State => Deployment.State;

    /// <summary>True until it reaches Succeeded, RolledBack, Failed or Aborted.</summary>
    public bool IsActive => !Deployment.State.IsFinal();
}
