namespace Cellular.Simulation;

/// <summary>A row of the <c>leases</c> table: who drives the workflow, its fencing token and its expiry in database time.</summary>
internal sealed record LeaseRow(string Name, string? Owner, long Token, long ExpiresAt);
