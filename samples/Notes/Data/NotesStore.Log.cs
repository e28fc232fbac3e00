namespace Notes.Data;

internal sealed partial class NotesStore
{
    [LoggerMessage(EventId = EventIds.NoteCreated, Level = LogLevel.Debug, Message = "Note {Id} created for tenant {Tenant}")]
    private static partial void LogNoteCreated(ILogger logger, long id, string tenant);

    [LoggerMessage(EventId = EventIds.NoteDeleted, Level = LogLevel.Debug, Message = "Note {Id} of tenant {Tenant} deleted at seq {Seq}")]
    private static partial void LogNoteDeleted(ILogger logger, long id, string tenant, long seq);
}
