namespace Cellular.ControlPlane.Publishing;

/// <summary>Log events of the table-change watcher.</summary>
internal sealed partial class TableChangeWatcher
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.TableVersionSeen, LogLevel.Debug, "Table version {version} committed elsewhere, learnt by {source}")]
        public static partial void VersionSeen(ILogger logger, long version, string source);

        [LoggerMessage(Logging.EventIds.TableVersionPollFailed, LogLevel.Warning, "Reading the table version of {store} failed; retrying every poll")]
        public static partial void PollFailed(ILogger logger, string store, Exception exception);
    }
}
