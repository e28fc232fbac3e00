namespace Cellular.ControlPlane.Store.Leases;

/// <summary>
/// The <c>leases</c> table, one row per workflow or singleton ever claimed. Rows are kept after a
/// release (owner cleared), so a lease's fencing token only ever grows: a run that lost its lease
/// can never find its old token valid again. PostgreSQL keeps expiry as <c>timestamptz</c> compared
/// with the database's clock (replicas' clocks may disagree; the database's is the one they share);
/// SQLite keeps ISO 8601 text in the one replica's time. Migration 8 added the interrupt request
/// (<c>interrupt_until</c>, <c>reserved_for</c>).
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

    /// <summary>
    /// SQLite: migration 8, the interrupt request a replica leaves on a lease another replica holds
    /// (an abort or a hold sent to a replica that does not drive the work): until
    /// <c>interrupt_until</c> the holder's heartbeat sees it and stops its run, and only
    /// <c>reserved_for</c> (when set) may claim the lease next. Columns are added by code where
    /// missing (SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>).
    /// </summary>
    public static readonly (string Name, string Definition)[] SqliteInterruptColumns =
    [
        ("interrupt_until", "TEXT"),
        ("reserved_for", "TEXT"),
    ];

    /// <summary>PostgreSQL: migration 8 (see <see cref="SqliteInterruptColumns"/>), idempotent.</summary>
    public const string PostgresInterrupt = """
        ALTER TABLE leases ADD COLUMN IF NOT EXISTS interrupt_until timestamptz;
        ALTER TABLE leases ADD COLUMN IF NOT EXISTS reserved_for text COLLATE "C";
        """;

    /// <summary>The statement for <paramref name="provider"/>.</summary>
    public static string For(string provider) => provider switch
    {
        StoreProviders.Sqlite => Sqlite,
        StoreProviders.Postgres => Postgres,
        _ => throw new InvalidOperationException($"No lease schema for the store provider '{provider}'."),
    };
}
