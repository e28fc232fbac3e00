namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>
/// The advisory-lock keys the PostgreSQL store takes, in one place so no other lock (a replica's
/// singleton, say) picks the same number. All are transaction-scoped (<c>pg_advisory_xact_lock</c>):
/// released with the transaction, so none can leak behind a pooler that reuses the session.
/// </summary>
internal static class PostgresLockKeys
{
    /// <summary>Taken first by every write transaction of every replica: writes are serialised store-wide.</summary>
    public const long Writes = 0x43454C4C_00000001; // "CELL" 1

    /// <summary>Held while the schema is created or upgraded, so replicas starting together migrate once.</summary>
    public const long Migrations = 0x43454C4C_00000002; // "CELL" 2
}
