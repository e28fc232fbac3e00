namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>Log events of the table-change listener.</summary>
internal sealed partial class PostgresTableListener
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.TableListenerConnected, LogLevel.Information, "Listening for table versions committed by other replicas on {store}")]
        public static partial void Connected(ILogger logger, string store);

        [LoggerMessage(Logging.EventIds.TableListenerLost, LogLevel.Warning, "The table-version listener's connection to {store} failed; reconnecting in {delay} (polling covers the gap)")]
        public static partial void Lost(ILogger logger, string store, TimeSpan delay, Exception exception);
    }
}
