namespace Cellular.Router.Security;

internal sealed partial class AssertionKeyRefresher
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.AssertionKeysLoaded, LogLevel.Information, "Assertion keys of generation {generation} in use (was {previousGeneration}; {cells} cells).")]
        public static partial void Loaded(ILogger logger, long generation, long previousGeneration, int cells);

        [LoggerMessage(EventIds.AssertionKeysLoadedFromDisk, LogLevel.Information, "Assertion keys of generation {generation} ({cells} cells) loaded from {file}.")]
        public static partial void LoadedFromDisk(ILogger logger, long generation, int cells, string file);

        [LoggerMessage(EventIds.AssertionKeysFetchFailed, LogLevel.Warning, "Cannot fetch the assertion keys from {controlPlane}: {reason}. Keeping generation {generation} ({cells} cells) and retrying.")]
        public static partial void FetchFailed(ILogger logger, string controlPlane, string reason, long generation, int cells);

        [LoggerMessage(EventIds.AssertionKeysSkipped, LogLevel.Warning, "{count} entries of assertion key generation {generation} are not a valid cell id with a 32-byte key; left out.")]
        public static partial void EntriesSkipped(ILogger logger, int count, long generation);

        [LoggerMessage(EventIds.AssertionKeysFileUnreadable, LogLevel.Warning, "Cannot read the assertion keys kept in {file}: {reason}")]
        public static partial void DiskUnreadable(ILogger logger, string file, string reason);

        [LoggerMessage(EventIds.AssertionKeysFileUnwritable, LogLevel.Warning, "Cannot keep the assertion keys in {file}: {reason}")]
        public static partial void DiskUnwritable(ILogger logger, string file, string reason);
    }
}
