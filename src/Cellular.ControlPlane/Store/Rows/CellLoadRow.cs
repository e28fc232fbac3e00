using Cellular.ControlPlane.Placement;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>The columns of a <c>cells</c> row that placement needs.</summary>
internal sealed class CellLoadRow
{
    public const string Select = "SELECT id AS Id, region AS Region, state AS State, capacity AS Capacity, load AS Load FROM cells";

    public string Id { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public string State { get; set; } = string.Empty;

    public long Capacity { get; set; }

    public long Load { get; set; }

    public CellLoad ToLoad() => new(Id, Region, Enum.Parse<CellState>(State), (int)Capacity, Load);
}
