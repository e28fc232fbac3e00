namespace Cellular.Simulation;

/// <summary>A row of a tenant's data in a cell: its key, the client write that created it, and the change-sequence number of its latest change.</summary>
internal sealed record Row(long Key, long WriteId, long Seq);

/// <summary>GET export: every live row and the sequence number they are consistent with.</summary>
internal sealed record Snapshot(IReadOnlyList<Row> Rows, long Watermark)
{
    public override string ToString() => $"snapshot of {Rows.Count} rows at {Watermark}";
}

/// <summary>GET changes: changes after a position, ascending; where the next page starts; whether the page was full; the high-water mark.</summary>
internal sealed record ChangePage(IReadOnlyList<Row> Changes, long Next, bool HasMore, long HighWater)
{
    public override string ToString() => $"{Changes.Count} changes, next {Next}, high water {HighWater}{(HasMore ? ", more" : string.Empty)}";
}

/// <summary>GET tenant: the cell's ownership record and data statistics.</summary>
internal sealed record CellView(Cellular.Core.Api.TenantOwnershipState State, long Epoch, string? MovedTo, int Rows, long Watermark);

/// <summary>GET hash: a digest of the live logical rows (not sequence numbers) and their count.</summary>
internal sealed record DataHash(long Value, int Rows);

/// <summary>POST fence: the epoch fenced at and the high-water mark after in-flight writes drained.</summary>
internal sealed record FenceResult(long Epoch, long Position);

/// <summary>A cell's answer to a client write: accepted, or refused with 421 before any work.</summary>
internal sealed record WriteAnswer(bool Accepted, string? Refusal)
{
    public override string ToString() => Accepted ? "accepted" : "421 " + Refusal;
}
