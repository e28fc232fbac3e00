namespace Cellular.ControlPlane.Store;

/// <summary>Sizes reported by the health endpoint.</summary>
internal sealed record StoreCounts(long Version, int Cells, int Tenants);
