namespace Cellular.Simulation;

/// <summary>A row of a tenant's data in a cell: its key, the client write that created it, and the change-sequence number of its latest change.</summary>
internal sealed record Row(long Key, long WriteId, long Seq);
