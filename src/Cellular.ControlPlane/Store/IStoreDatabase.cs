namespace Cellular.ControlPlane.Store;

/// <summary>
/// The one seam between providers: where transactions come from. Everything above it (the
/// per-aggregate stores, the services and their rules) is the same SQL and the same code on
/// SQLite and PostgreSQL.
/// </summary>
/// <remarks>
/// Write transactions are serialised store-wide, so a rule checked inside one (placement, "is the
/// cell empty?", a fencing token) cannot race another writer: SQLite by <c>BEGIN IMMEDIATE</c>,
/// PostgreSQL by a transaction-scoped advisory lock taken first, which every replica shares and
/// which is released with the transaction (safe behind PgBouncer in transaction mode).
/// </remarks>
internal interface IStoreDatabase
{
    /// <summary><see cref="StoreProviders.Sqlite"/> or <see cref="StoreProviders.Postgres"/>.</summary>
    string Provider { get; }

    /// <summary>Where the data lives, for the health endpoint: <c>sqlite:/path/cellular.db</c> or <c>postgres:host:port/database</c> (never a password).</summary>
    string Description { get; }

    /// <summary>The SQL that differs between providers.</summary>
    ISqlDialect Dialect { get; }

    /// <summary>Creates or upgrades the schema (versioned migrations); refuses a schema newer than this build.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a read transaction: all its queries see one snapshot.</summary>
    Task<T> ReadAsync<T>(Func<StoreTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a write transaction, serialised with every other writer (of every replica); commits when it returns, rolls back when it throws.</summary>
    Task<T> WriteAsync<T>(Func<StoreTransaction, Task<T>> work, CancellationToken cancellationToken);
}
