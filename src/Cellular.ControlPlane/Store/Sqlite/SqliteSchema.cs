using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>
/// The SQLite schema as numbered migrations, applied in order by <see cref="SqliteStoreDatabase.InitializeAsync"/>
/// to a file whose <c>PRAGMA user_version</c> is below theirs; a file newer than <see cref="Version"/> is refused
/// rather than misread. Versions 1 to 6 were written before the list existed, as one idempotent script run
/// at every start, so each of them is idempotent too (<c>IF NOT EXISTS</c>, columns added only when missing):
/// a file of any of those versions upgrades to what a new file gets, and a file already at the newest
/// version is not written at all. A new migration is appended with the
/// next number (and mirrored in <c>Store/Postgres</c>); released ones never change.
/// <c>cells.tenants</c> and <c>cells.load</c> are kept in step with <c>tenants</c> inside each write
/// transaction, so placement reads one row per cell instead of summing every tenant.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Every migration, oldest first.</summary>
    public static readonly IReadOnlyList<SqliteMigration> Migrations =
    [
        new(1, "table version, cells, tenants and the audit log", V1),
        new(2, "health marks, experiments and the kill switch", V2),
        new(3, "migrations", V3),
        new(4, "the tenant change log kept by triggers", V4),
        new(5, "API keys, settings, audit indexes and the triggers that keep the audit append-only", V5),
        new(6, "cells' releases, deployments and the deployment freeze; the audit-by-target index", V6, ApplyV6ColumnsAsync),
        new(7, "workflow leases with fencing tokens", Leases.LeaseSchema.Sqlite),
        new(8, "interrupt requests on leases (abort or hold from a replica that does not drive the work)", "-- the columns are added by code, where missing", ApplyV8ColumnsAsync),
    ];

    /// <summary>Stored in <c>PRAGMA user_version</c>: the number of the newest migration.</summary>
    public static int Version => Migrations[^1].Version;

    /// <summary>
    /// Objects added to a released version after it shipped, without a new number: created on a file
    /// at that version or later that lacks them (older files get them from the migration itself).
    /// Version 6 gained <c>audit_by_target</c> that way.
    /// </summary>
    public static readonly IReadOnlyList<SqliteRepair> Repairs =
    [
        new(6, "audit_by_target", "CREATE INDEX IF NOT EXISTS audit_by_target ON audit (target, id);"),
    ];

    /// <summary>Columns version 6 added to <c>cells</c>: the release it runs beside <c>version</c>, and the one before.</summary>
    private static readonly (string Name, string Definition)[] CellReleaseColumns =
    [
        ("artifact", "TEXT"),
        ("config", "TEXT"),
        ("template", "TEXT"),
        ("previous_release", "TEXT"),
    ];

    private const string V1 = """
        CREATE TABLE IF NOT EXISTS table_version (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            version    INTEGER NOT NULL,
            changed_at TEXT    NOT NULL
        );
        INSERT OR IGNORE INTO table_version (id, version, changed_at) VALUES (1, 1, @now);

        CREATE TABLE IF NOT EXISTS cells (
            id         TEXT    PRIMARY KEY,
            region     TEXT    NOT NULL,
            zone       TEXT    NOT NULL,
            stage      TEXT    NOT NULL,
            capacity   INTEGER NOT NULL,
            endpoint   TEXT,
            state      TEXT    NOT NULL,
            provider   TEXT    NOT NULL,
            labels     TEXT    NOT NULL,
            version    TEXT    NOT NULL,
            tenants    INTEGER NOT NULL DEFAULT 0,
            load       INTEGER NOT NULL DEFAULT 0,
            created_at TEXT    NOT NULL,
            updated_at TEXT    NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS cells_live_endpoint ON cells (endpoint)
            WHERE endpoint IS NOT NULL AND state <> 'Retired';

        CREATE TABLE IF NOT EXISTS tenants (
            id         TEXT    PRIMARY KEY,
            cell       TEXT    NOT NULL REFERENCES cells (id),
            weight     INTEGER NOT NULL,
            pinned     INTEGER NOT NULL DEFAULT 0,
            epoch      INTEGER NOT NULL,
            created_at TEXT    NOT NULL,
            updated_at TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS tenants_by_cell ON tenants (cell);

        CREATE TABLE IF NOT EXISTS audit (
            id     INTEGER PRIMARY KEY AUTOINCREMENT,
            at     TEXT NOT NULL,
            actor  TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT
        );
        """;

    private const string V2 = """
        CREATE TABLE IF NOT EXISTS cell_health (
            cell         TEXT PRIMARY KEY REFERENCES cells (id),
            return_state TEXT NOT NULL,
            marked_at    TEXT NOT NULL,
            reason       TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS experiments (
            seq           INTEGER PRIMARY KEY,
            id            TEXT    NOT NULL UNIQUE,
            state         TEXT    NOT NULL,
            report_due_at TEXT,
            document      TEXT    NOT NULL,
            before_stats  TEXT,
            during_stats  TEXT,
            created_at    TEXT    NOT NULL,
            updated_at    TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS experiments_unfinished ON experiments (state, report_due_at);

        CREATE TABLE IF NOT EXISTS kill_switch (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            engaged    INTEGER NOT NULL,
            changed_at TEXT,
            changed_by TEXT
        );
        INSERT OR IGNORE INTO kill_switch (id, engaged) VALUES (1, 0);
        """;

    private const string V3 = """
        CREATE TABLE IF NOT EXISTS migrations (
            seq        INTEGER PRIMARY KEY,
            id         TEXT    NOT NULL UNIQUE,
            tenant     TEXT    NOT NULL,
            source     TEXT    NOT NULL,
            target     TEXT    NOT NULL,
            state      TEXT    NOT NULL,
            weight     INTEGER NOT NULL,
            document   TEXT    NOT NULL,
            created_at TEXT    NOT NULL,
            updated_at TEXT    NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS migrations_one_unfinished_per_tenant ON migrations (tenant)
            WHERE state NOT IN ('Complete', 'Aborted', 'Failed');
        CREATE INDEX IF NOT EXISTS migrations_by_state ON migrations (state);
        """;

    private const string V4 = """
        -- The routing-table change log routers sync from: the table version each tenant last changed
        -- at (stamped by triggers, so no write path can forget it; a row written before its
        -- transaction bumps the version carries the version before, which a reader covers by
        -- asking for version >= since). Deleted tenants stay as rows with deleted = 1.
        -- change_horizon is the version tracking started at: older versions get the full table.
        CREATE TABLE IF NOT EXISTS tenant_changes (
            tenant  TEXT    PRIMARY KEY,
            version INTEGER NOT NULL,
            deleted INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS tenant_changes_by_version ON tenant_changes (version);
        CREATE TABLE IF NOT EXISTS change_horizon (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO change_horizon (id, version) SELECT 1, version FROM table_version WHERE id = 1;
        CREATE TRIGGER IF NOT EXISTS tenants_inserted AFTER INSERT ON tenants BEGIN
            INSERT OR REPLACE INTO tenant_changes (tenant, version, deleted)
            VALUES (NEW.id, (SELECT version FROM table_version WHERE id = 1), 0);
        END;
        CREATE TRIGGER IF NOT EXISTS tenants_updated AFTER UPDATE OF cell, weight, pinned, epoch ON tenants BEGIN
            INSERT OR REPLACE INTO tenant_changes (tenant, version, deleted)
            VALUES (NEW.id, (SELECT version FROM table_version WHERE id = 1), 0);
        END;
        CREATE TRIGGER IF NOT EXISTS tenants_deleted AFTER DELETE ON tenants BEGIN
            INSERT OR REPLACE INTO tenant_changes (tenant, version, deleted)
            VALUES (OLD.id, (SELECT version FROM table_version WHERE id = 1), 1);
        END;
        """;

    private const string V5 = """
        CREATE INDEX IF NOT EXISTS audit_by_action ON audit (action, id);
        CREATE INDEX IF NOT EXISTS audit_by_actor ON audit (actor, id);
        -- Nothing rewrites history: not the API, not a bug, not a restored tool with the file open.
        CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;
        CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN
            SELECT RAISE(ABORT, 'the audit log is append-only');
        END;

        -- API keys: only the SHA-256 of the secret is kept. Revoked keys stay (and keep their name).
        CREATE TABLE IF NOT EXISTS api_keys (
            id           TEXT PRIMARY KEY,
            name         TEXT NOT NULL UNIQUE,
            role         TEXT NOT NULL,
            secret_hash  BLOB NOT NULL,
            created_at   TEXT NOT NULL,
            created_by   TEXT NOT NULL,
            expires_at   TEXT,
            revoked_at   TEXT,
            last_used_at TEXT
        );

        -- Store-wide settings: the store's identity (carried by every routing table, so a router
        -- notices a restored or reset store), the assertion-key generation, the last published
        -- table-wide settings.
        CREATE TABLE IF NOT EXISTS settings (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        INSERT OR IGNORE INTO settings (name, value) VALUES ('store_id', lower(hex(randomblob(16))));
        INSERT OR IGNORE INTO settings (name, value) VALUES ('assertion_generation', '1');
        """;

    private const string V6 = """
        CREATE INDEX IF NOT EXISTS audit_by_target ON audit (target, id);
        -- Wave deployments: the deployment as JSON with its state as a column to query by, and
        -- each deployed cell's pre-deploy router statistics (the gates' baseline).
        CREATE TABLE IF NOT EXISTS deployments (
            seq        INTEGER PRIMARY KEY,
            id         TEXT    NOT NULL UNIQUE,
            state      TEXT    NOT NULL,
            document   TEXT    NOT NULL,
            baselines  TEXT,
            created_at TEXT    NOT NULL,
            updated_at TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS deployments_by_state ON deployments (state);
        CREATE TABLE IF NOT EXISTS deployment_freeze (
            id         INTEGER PRIMARY KEY CHECK (id = 1),
            engaged    INTEGER NOT NULL,
            reason     TEXT,
            changed_at TEXT,
            changed_by TEXT
        );
        INSERT OR IGNORE INTO deployment_freeze (id, engaged) VALUES (1, 0);
        """;

    /// <summary>Adds the interrupt columns to <c>leases</c> where they are missing.</summary>
    private static async Task ApplyV8ColumnsAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        var columns = (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('leases');", transaction: transaction)).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, definition) in Leases.LeaseSchema.SqliteInterruptColumns.Where(column => !columns.Contains(column.Name)))
        {
            await connection.ExecuteAsync($"ALTER TABLE leases ADD COLUMN {name} {definition};", transaction: transaction);
        }
    }

    /// <summary>Adds the release columns to <c>cells</c> where they are missing (SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>).</summary>
    private static async Task ApplyV6ColumnsAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        var columns = (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('cells');", transaction: transaction)).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, definition) in CellReleaseColumns.Where(column => !columns.Contains(column.Name)))
        {
            await connection.ExecuteAsync($"ALTER TABLE cells ADD COLUMN {name} {definition};", transaction: transaction);
        }
    }
}
