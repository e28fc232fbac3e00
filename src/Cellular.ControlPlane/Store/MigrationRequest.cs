namespace Cellular.ControlPlane.Store;

/// <summary>A validated request to move a tenant; <c>MigrationService</c> checks it against the current state inside a store write transaction.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="To">The target cell, or null to let placement choose.</param>
/// <param name="Force">Move a pinned tenant too.</param>
internal sealed record MigrationRequest(string Tenant, string? To, bool Force);
