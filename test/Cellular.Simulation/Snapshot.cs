namespace Cellular.Simulation;

/// <summary>GET export: every live row and the sequence number they are consistent with.</summary>
internal sealed record Snapshot(IReadOnlyList<Row> Rows, long Watermark)
{
    public override string ToString() => $"snapshot of {Rows.Count} rows at {Watermark}";
}
