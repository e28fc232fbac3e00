using Cellular.Core.Api;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Told when a deployment reaches one of the <see cref="DeploymentCheckpoints"/>. The crash drill is
/// one; tests register others to stop a deployment at an exact point.
/// </summary>
internal interface IDeploymentCheckpoint
{
    Task ReachedAsync(Deployment deployment, string checkpoint, CancellationToken cancellationToken);
}
