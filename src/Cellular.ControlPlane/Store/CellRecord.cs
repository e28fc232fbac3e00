using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store;

/// <summary>A stored cell with the tenants it holds and the weight they add up to.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Tenants">Tenants placed in it.</param>
/// <param name="Load">Their weight.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="PreviousRelease">The release it ran before its current one; null until a deployment reached it.</param>
internal sealed record CellRecord(Cell Cell, int Tenants, long Load, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, CellRelease? PreviousRelease = null)
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
        UpdatedAt,
        Release: Cell.Release,
        PreviousRelease: PreviousRelease,
        Template: Cell.Template);
}
