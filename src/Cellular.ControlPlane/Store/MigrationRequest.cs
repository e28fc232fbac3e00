namespace Cellular.ControlPlane.Store;

/// <summary>A validated request to move a tenant; the store checks it against the current state inside its write transaction.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="To">The target cell, or null to let placement choose.</param>
/// <param name="Force">Move a pinned tenant too.</param>
internal sealed record MigrationRequest(string Tenant, string? To, bool Force);
