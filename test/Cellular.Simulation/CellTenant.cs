using Cellular.Cell.Ownership;

namespace Cellular.Simulation;

/// <summary>One tenant's durable state in one cell: its ownership record, its rows keyed by row id, and its change sequence.</summary>
internal sealed class CellTenant
{
    public TenantOwnership Ownership { get; set; } = TenantOwnership.Unrecorded;

    public Dictionary<long, Row> Rows { get; } = [];

    public long Seq { get; set; }

    /// <summary>The epoch of the move whose driver token is recorded (fenced-cells protocol only).</summary>
    public long DriverEpoch { get; set; } = -1;

    /// <summary>The highest lease token seen from a driver of the move at <see cref="DriverEpoch"/> (fenced-cells protocol only).</summary>
    public long DriverToken { get; set; }
}
