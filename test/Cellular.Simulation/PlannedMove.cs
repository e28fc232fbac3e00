namespace Cellular.Simulation;

/// <summary>An operator asks at <paramref name="AtMs"/> to move <paramref name="Tenant"/> to the cell <paramref name="To"/> (refused while it is moving).</summary>
internal sealed record PlannedMove(long AtMs, string Tenant, string To);
