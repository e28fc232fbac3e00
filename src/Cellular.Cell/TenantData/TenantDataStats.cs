namespace Cellular.Cell.TenantData;

/// <summary>How much of a tenant this cell holds.</summary>
/// <param name="Rows">Live rows.</param>
/// <param name="Watermark">The tenant's highest change sequence number here.</param>
public sealed record TenantDataStats(long Rows, long Watermark);
