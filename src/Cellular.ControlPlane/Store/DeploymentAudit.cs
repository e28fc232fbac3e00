namespace Cellular.ControlPlane.Store;

/// <summary>The audit row written with a deployment change.</summary>
/// <param name="Actor">Who did it.</param>
/// <param name="Action">What was done, e.g. <c>deployment.pause</c>.</param>
/// <param name="Detail">Facts about it as a JSON object.</param>
internal sealed record DeploymentAudit(string Actor, string Action, string? Detail);
