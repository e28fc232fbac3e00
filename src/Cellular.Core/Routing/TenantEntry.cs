namespace Cellular.Core.Routing;

/// <summary>A tenant's slot in the table: packed so millions of them stay small.</summary>
internal readonly record struct TenantEntry(int CellIndex, bool Pinned, long Epoch);
