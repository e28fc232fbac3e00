namespace Cellular.ControlPlane.Store;

/// <summary>A validated request to create a tenant; <c>TenantService</c> places it inside a store write transaction.</summary>
/// <param name="Id">Tenant id.</param>
/// <param name="Weight">Weight units the tenant uses.</param>
/// <param name="Cell">An explicit cell, or null to let placement choose.</param>
/// <param name="Region">Restricts placement to this region, or null.</param>
internal sealed record TenantPlacementRequest(string Id, int Weight, string? Cell, string? Region);
