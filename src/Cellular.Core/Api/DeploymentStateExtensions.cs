namespace Cellular.Core.Api;

/// <summary>Facts about <see cref="DeploymentState"/>.</summary>
public static class DeploymentStateExtensions
{
    /// <summary>True for the states a deployment never leaves.</summary>
    public static bool IsFinal(this DeploymentState state) =>
        state is DeploymentState.Succeeded or DeploymentState.RolledBack or DeploymentState.Failed or DeploymentState.Aborted;
}
