namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>Log events of the PostgreSQL store.</summary>
internal sealed partial class PostgresStoreDatabase
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.StoreSchemaMigrated, LogLevel.Information, "Store {store}: applied schema migrations {migrations}; schema version {version}")]
        public static partial void SchemaMigrated(ILogger logger, string store, string migrations, int version);

        [LoggerMessage(Logging.EventIds.StoreOpenRetried, LogLevel.Warning, "Store {store}: opening a connection failed (attempt {attempt}), retrying in {delay}: {reason}")]
        public static partial void OpenRetried(ILogger logger, string store, int attempt, TimeSpan delay, string reason);
    }
}
