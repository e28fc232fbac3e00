namespace Cellular.Core.Routing;

/// <summary>A tenant's routing entry as a lookup decodes it from the compact tenant map.</summary>
internal readonly record struct TenantEntry(int CellIndex, bool Pinned, long Epoch);
