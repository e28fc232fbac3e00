using Cellular.Core.Api;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// Live tenant migrations. A migration is one JSON document with its state, tenant and cells as
/// columns; at most one per tenant is unfinished (a unique index says so). Only the switch and a
/// rollback that burns the epoch change the routing table, so only they bump the version.
/// </summary>
internal partial interface ICellularStore
{
    /// <summary>
    /// Plans a migration under the next id (<c>mig-{n}</c>): checks the tenant, its pin, that it is
    /// not already moving and that the target (or, without one, the least utilised Active cell with
    /// room) is Active and has room once the weight of migrations already heading there is counted.
    /// </summary>
    Task<Migration> CreateMigrationAsync(MigrationRequest request, string actor, CancellationToken cancellationToken);

    Task<Migration?> GetMigrationAsync(string id, CancellationToken cancellationToken);

    /// <summary>The newest migrations first, optionally only those in <paramref name="state"/>, of <paramref name="tenant"/> or with <paramref name="cell"/> as source or target.</summary>
    Task<IReadOnlyList<Migration>> ListMigrationsAsync(MigrationState? state, string? tenant, string? cell, int limit, CancellationToken cancellationToken);

    /// <summary>Migrations not yet Complete, Aborted or Failed; oldest first (the scheduler's queue order).</summary>
    Task<IReadOnlyList<Migration>> ListUnfinishedMigrationsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes a migration in one transaction if its state is one of <paramref name="from"/>, writing
    /// <paramref name="audit"/> with it; the routing table is not touched. Null when the migration is
    /// missing or in another state.
    /// </summary>
    Task<Migration?> UpdateMigrationAsync(
        string id,
        IReadOnlyCollection<MigrationState> from,
        Func<Migration, Migration> change,
        MigrationAudit? audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// The journal, the point of no return: in one transaction the tenant moves to the target cell
    /// at the migration's epoch, the migration becomes Switched and the table version is bumped.
    /// </summary>
    /// <exception cref="Errors.ControlPlaneException">Refused: the migration is not in Cutover, an abort was requested, or the tenant or target changed.</exception>
    Task<Committed<Migration>> SwitchMigrationAsync(string id, Func<Migration, Migration> change, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a migration that has not switched (Aborted or Failed) if its state is one of
    /// <paramref name="from"/>. With <paramref name="burnEpoch"/>, a tenant still on the source
    /// below the migration's epoch is given that epoch (routers must send it, since the source was
    /// or may have been fenced at it) and the table version is bumped. Null when the migration is
    /// missing or in another state.
    /// </summary>
    Task<Committed<Migration>?> EndMigrationAsync(
        string id,
        IReadOnlyCollection<MigrationState> from,
        Func<Migration, Migration> change,
        bool burnEpoch,
        MigrationAudit audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Plans the way back of a switched migration (Soak or Complete): a new migration from its target
    /// to its source. A migration still soaking is completed in the same transaction, without
    /// purging, because the reverse replaces the source's copy.
    /// </summary>
    Task<Migration> ReverseMigrationAsync(string id, string actor, CancellationToken cancellationToken);

    /// <summary>The tenants placed in <paramref name="cell"/>, ordered by id.</summary>
    Task<IReadOnlyList<TenantRecord>> ListTenantsInCellAsync(string cell, CancellationToken cancellationToken);

    /// <summary>Per cell, the weight of unfinished migrations that have not switched yet, heading in and going out.</summary>
    Task<IReadOnlyDictionary<string, CellReservation>> GetCellReservationsAsync(CancellationToken cancellationToken);
}
