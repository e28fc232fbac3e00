using Cellular.Cell.Ownership;

namespace Cellular.Simulation;

/// <summary>One tenant's durable state in one cell: its ownership record, its rows keyed by row id, and its change sequence.</summary>
internal sealed class CellTenant
{
    public TenantOwnership Ownership { get; set; } = TenantOwnership.Unrecorded;

    public Dictionary<long, Row> Rows { get; } = [];

    public long Seq { get; set; }
}
