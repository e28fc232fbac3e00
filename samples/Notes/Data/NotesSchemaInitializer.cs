namespace Notes.Data;

/// <summary>Creates the notes database before the cell serves its first request.</summary>
internal sealed partial class NotesSchemaInitializer(NotesDatabase database, ILogger<NotesSchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        LogDatabaseReady(logger, database.FilePath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = EventIds.DatabaseReady, Level = LogLevel.Information, Message = "Notes database ready at {Path}")]
    private static partial void LogDatabaseReady(ILogger logger, string path);
}
