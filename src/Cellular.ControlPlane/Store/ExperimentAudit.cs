namespace Cellular.ControlPlane.Store;

/// <summary>The audit row written with an experiment change.</summary>
/// <param name="Actor">Who did it.</param>
/// <param name="Action">What was done, e.g. <c>experiment.stop</c>.</param>
/// <param name="Detail">Facts about it as a JSON object.</param>
internal sealed record ExperimentAudit(string Actor, string Action, string? Detail);
