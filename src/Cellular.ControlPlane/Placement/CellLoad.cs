using Cellular.Core.Model;

namespace Cellular.ControlPlane.Placement;

/// <summary>What placement needs to know about a cell: where it is, whether it takes tenants, how full it is.</summary>
internal sealed record CellLoad(string Id, string Region, CellState State, int Capacity, long Load)
{
    /// <summary>True when a tenant of <paramref name="weight"/> still fits.</summary>
    public bool HasRoomFor(int weight) => Load + weight <= Capacity;
}
