namespace Cellular.ControlPlane.Store;

/// <summary>The audit row written with a migration change.</summary>
/// <param name="Actor">Who did it.</param>
/// <param name="Action">What was done, e.g. <c>migration.abort</c>.</param>
/// <param name="Detail">Facts about it as a JSON object.</param>
internal sealed record MigrationAudit(string Actor, string Action, string? Detail);
