namespace Notes;

/// <summary>Event ids of everything the Notes sample logs.</summary>
internal static class EventIds
{
    public const int DatabaseReady = 100;
    public const int NoteCreated = 101;
    public const int NoteDeleted = 102;
}
