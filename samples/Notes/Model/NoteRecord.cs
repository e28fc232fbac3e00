namespace Notes.Model;

/// <summary>
/// A note as it moves between cells: a row of a tenant export and of the change feed. It carries
/// <see cref="Seq"/>, the tenant's change sequence number of the note's latest change, so the
/// target keeps the source's numbering.
/// </summary>
internal sealed record NoteRecord(long Id, long Seq, string Text, DateTimeOffset CreatedAt);
