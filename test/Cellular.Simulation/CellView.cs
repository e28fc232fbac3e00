namespace Cellular.Simulation;

/// <summary>GET tenant: the cell's ownership record and data statistics.</summary>
internal sealed record CellView(Cellular.Core.Api.TenantOwnershipState State, long Epoch, string? MovedTo, int Rows, long Watermark);
