using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// The rules of a migration's steps, each checked and applied in one store write transaction
/// (serialised store-wide, on every replica): a step applies only from the states it names, and
/// the switch (the point of no return) only from Cutover, without an abort requested, with the
/// tenant where the migration found it and the target serving. Only the switch and a rollback
/// that burns the epoch change the routing table, so only they bump its version.
/// </summary>
internal sealed class MigrationTransitions(IStoreDatabase database, MigrationStore migrations, TenantStore tenants, CellStore cells, TableVersionStore versions, AuditStore audit)
{
    /// <summary>
    /// Changes a migration if its state is one of <paramref name="from"/>, writing <paramref name="change"/>'s
    /// audit row with it; the routing table is not touched. Null when the migration is missing or in another state.
    /// </summary>
    public Task<Migration?> UpdateAsync(
        string id,
        IReadOnlyCollection<MigrationState> from,
        Func<Migration, Migration> change,
        MigrationAudit? entry,
        CancellationToken cancellationToken) =>
        UpdateIfAsync(id, from, null, change, entry, cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync"/>, but only when <paramref name="allowed"/>, asked in the same
    /// transaction with the migration as it is there, says yes (so what it reads cannot change
    /// before the update commits). Null when it says no.
    /// </summary>
    public Task<Migration?> UpdateIfAsync(
        string id,
        IReadOnlyCollection<MigrationState> from,
        Func<StoreTransaction, Migration, Task<bool>>? allowed,
        Func<Migration, Migration> change,
        MigrationAudit? entry,
        CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await migrations.GetForUpdateAsync(tx, id);
                if (current is null || !from.Contains(current.State))
                {
                    return null;
                }

                if (allowed is not null && !await allowed(tx, current))
                {
                    return null;
                }

                var updated = change(current) with { UpdatedAt = tx.Now };
                await migrations.SaveAsync(tx, updated);
                if (entry is not null)
                {
                    await audit.AppendAsync(tx, entry.Actor, entry.Action, MigrationErrors.Target(id), entry.Detail);
                }

                return updated;
            },
            cancellationToken);

    /// <summary>
    /// The journal, the point of no return: the tenant moves to the target cell at the migration's
    /// epoch, the migration becomes Switched and the table version is bumped, all in one transaction.
    /// </summary>
    /// <exception cref="ControlPlaneException">Refused: the migration is not in Cutover, an abort was requested, or the tenant or target changed.</exception>
    public Task<Committed<Migration>> SwitchAsync(string id, Func<Migration, Migration> change, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await migrations.GetForUpdateAsync(tx, id) ?? throw MigrationErrors.NotFound(id);
                if (current.State != MigrationState.Cutover)
                {
                    throw ControlPlaneException.Conflict("Migration cannot switch", $"Migration {id} is {current.State}; only a migration in Cutover switches.");
                }

                if (current.AbortRequested)
                {
                    throw ControlPlaneException.Conflict("Migration abort requested", $"An abort of migration {id} was requested before its switch was journaled.");
                }

                var tenant = (await tenants.GetForUpdateAsync(tx, current.Tenant) ?? throw ControlPlaneException.TenantNotFound(current.Tenant)).Tenant;
                if (tenant.Cell != current.From || tenant.Epoch != current.FromEpoch)
                {
                    throw ControlPlaneException.Conflict(
                        "Tenant changed",
                        $"Tenant '{tenant.Id}' is in cell '{tenant.Cell}' at epoch {tenant.Epoch} now, not in '{current.From}' at epoch {current.FromEpoch} as migration {id} planned.");
                }

                var target = await cells.GetForUpdateAsync(tx, current.To);
                if (target is null || !target.Cell.State.IsServing())
                {
                    throw ControlPlaneException.Conflict(
                        "Target cell not serving",
                        $"Cell '{current.To}' is {target?.Cell.State.ToString() ?? "gone"}; the tenant is not switched to a cell the routers would not send it to.");
                }

                await tenants.MoveAsync(tx, tenant, current.To, current.Epoch);
                var updated = change(current) with { State = MigrationState.Switched, UpdatedAt = tx.Now };
                await migrations.SaveAsync(tx, updated);
                var version = await versions.BumpAsync(tx);
                await audit.AppendAsync(tx, actor, "migration.switch", MigrationErrors.Target(id), MigrationDetail(updated));
                return new Committed<Migration>(updated, version, true);
            },
            cancellationToken);

    /// <summary>
    /// Ends a migration that has not switched (Aborted or Failed) if its state is one of
    /// <paramref name="from"/>. With <paramref name="burnEpoch"/>, a tenant still on the source
    /// below the migration's epoch is given that epoch (routers must send it, since the source was
    /// or may have been fenced at it) and the table version is bumped. Null when the migration is
    /// missing or in another state.
    /// </summary>
    public Task<Committed<Migration>?> EndAsync(
        string id,
        IReadOnlyCollection<MigrationState> from,
        Func<Migration, Migration> change,
        bool burnEpoch,
        MigrationAudit entry,
        CancellationToken cancellationToken) =>
        database.WriteAsync<Committed<Migration>?>(
            async tx =>
            {
                var current = await migrations.GetForUpdateAsync(tx, id);
                if (current is null || !from.Contains(current.State))
                {
                    return null;
                }

                var updated = change(current) with { UpdatedAt = tx.Now };
                await migrations.SaveAsync(tx, updated);
                var burn = false;
                if (burnEpoch && await tenants.GetForUpdateAsync(tx, current.Tenant) is { } tenant
                    && tenant.Tenant.Cell == current.From && tenant.Tenant.Epoch < current.Epoch)
                {
                    await tenants.SetEpochAsync(tx, current.Tenant, current.Epoch);
                    burn = true;
                }

                var version = burn ? await versions.BumpAsync(tx) : await versions.GetAsync(tx);
                await audit.AppendAsync(tx, entry.Actor, entry.Action, MigrationErrors.Target(id), entry.Detail);
                return new Committed<Migration>(updated, version, burn);
            },
            cancellationToken);

    /// <summary>What the audit says of a migration that is created or switched.</summary>
    public static string MigrationDetail(Migration migration) =>
        AuditDetail.Of(("tenant", migration.Tenant), ("from", migration.From), ("to", migration.To), ("epoch", migration.Epoch), ("state", migration.State.ToString()));
}
