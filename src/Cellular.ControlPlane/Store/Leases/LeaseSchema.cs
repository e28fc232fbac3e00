namespace Cellular.ControlPlane.Store.Leases;

/// <summary>
/// The <c>leases</c> table, one row per workflow or singleton ever claimed. Rows are kept after a
/// release (owner cleared), so a lease's fencing token only ever grows: a run that lost its lease
/// can never find its old token valid again. PostgreSQL keeps expiry as <c>timestamptz</c> compared
/// with the database's clock (replicas' clocks may disagree; the database's is the one they share);
/// SQLite keeps ISO 8601 text in the one replica's time.
/// </summary>
internal static class LeaseSchema
{
    /// <summary>SQLite: migration 7 of its schema (idempotent, as every migration).</summary>
    public const string Sqlite = """
        CREATE TABLE IF NOT EXISTS leases (
            name         TEXT    PRIMARY KEY,
            owner        TEXT,
            token        INTEGER NOT NULL,
            expires_at   TEXT    NOT NULL,
            heartbeat_at TEXT    NOT NULL
        );
        """;

    /// <summary>PostgreSQL: migration 7 of its schema (idempotent, as every migration).</summary>
    public const string Postgres = """
        CREATE TABLE IF NOT EXISTS leases (
            name         text COLLATE "C" PRIMARY KEY,
            owner        text COLLATE "C",
            token        bigint      NOT NULL,
            expires_at   timestamptz NOT NULL,
            heartbeat_at timestamptz NOT NULL
        );
        """;

    /// <summary>The statement for <paramref name="provider"/>.</summary>
    public static string For(string provider) => provider switch
    {
        StoreProviders.Sqlite => Sqlite,
        StoreProviders.Postgres => Postgres,
        _ => throw new InvalidOperationException($"No lease schema for the store provider '{provider}'."),
    };
}
