using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store;

/// <summary>A stored cell with the tenants it holds and the weight they add up to.</summary>
internal sealed record CellRecord(Cell Cell, int Tenants, long Load, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public CellView ToView() => new(
        Cell.Id,
        Cell.Region,
        Cell.Zone,
        Cell.Stage,
        Cell.Capacity,
        Cell.Endpoint,
        Cell.State,
        Cell.Provider,
        Cell.Labels,
        Cell.Version,
        Tenants,
        (int)Math.Min(Load, int.MaxValue),
        CreatedAt,
        UpdatedAt);
}
