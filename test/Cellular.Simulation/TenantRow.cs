namespace Cellular.Simulation;

/// <summary>A row of the control plane's <c>tenants</c> table: the cell that owns the tenant and the epoch it serves it at.</summary>
internal sealed record TenantRow(string Id, string Cell, long Epoch);
