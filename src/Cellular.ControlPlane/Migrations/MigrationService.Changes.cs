using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Placement;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// The planning rules, checked and applied in one store write transaction (serialised store-wide,
/// on every replica), so two plans cannot both take the last room in a cell or both move one
/// tenant, and no plan slips onto a cell a deployment or an experiment took meanwhile: the tenant
/// exists, its cell and the named target are not held by such work, it is not pinned (unless
/// forced) and not already moving, and the target
/// (or, without one, the least utilised Active cell with room) is Active and has room once the
/// weight of migrations already heading there is counted.
/// </summary>
internal sealed partial class MigrationService
{
    /// <summary>Plans a migration under the next id (<c>mig-{n}</c>), audited as <c>migration.create</c>.</summary>
    private Task<Migration> PlanAsync(MigrationRequest request, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var tenant = (await tenantStore.GetForUpdateAsync(tx, request.Tenant) ?? throw ControlPlaneException.TenantNotFound(request.Tenant)).Tenant;
                await RefuseBusyCellsAsync(tx, [tenant.Cell, .. request.To is null ? Array.Empty<string>() : [request.To]]);
                await EnsureNotMovingAsync(tx, tenant.Id, except: null);
                if (tenant.Pinned && !request.Force)
                {
                    throw MigrationErrors.Pinned(tenant.Id, tenant.Cell);
                }

                var target = request.To is null
                    ? await PlaceAsync(tx, tenant)
                    : await CheckTargetAsync(tx, tenant, request.To, allowDraining: false);
                var (seq, id) = await migrationStore.NextIdAsync(tx);
                var migration = new Migration(
                    id, tenant.Id, tenant.Cell, target, tenant.Weight, tenant.Epoch, tenant.Epoch + 1, MigrationState.Planned, request.Force,
                    AbortRequested: false, ReverseOf: null, ReversedBy: null, Reason: null, LastError: null, actor, tx.Now, tx.Now, SoakUntil: null, MigrationReport.Empty);
                await migrationStore.InsertAsync(tx, seq, migration);
                await auditStore.AppendAsync(tx, actor, "migration.create", MigrationErrors.Target(id), MigrationTransitions.MigrationDetail(migration));
                return migration;
            },
            cancellationToken);

    /// <summary>
    /// Plans the way back of a switched migration (Soak or Complete): a new migration from its target
    /// to its source. A migration still soaking is completed in the same transaction, without
    /// purging, because the reverse replaces the source's copy.
    /// </summary>
    private Task<Migration> PlanReverseAsync(string id, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var original = await migrationStore.GetForUpdateAsync(tx, id) ?? throw MigrationErrors.NotFound(id);
                if (MigrationStates.ReverseRefusal(original) is { } refusal)
                {
                    throw ControlPlaneException.Conflict("Migration cannot be reversed", refusal);
                }

                var tenant = (await tenantStore.GetForUpdateAsync(tx, original.Tenant) ?? throw ControlPlaneException.TenantNotFound(original.Tenant)).Tenant;
                if (tenant.Cell != original.To || tenant.Epoch != original.Epoch)
                {
                    throw ControlPlaneException.Conflict(
                        "Migration cannot be reversed",
                        $"Tenant '{tenant.Id}' has moved on since migration {id}: it is in cell '{tenant.Cell}' at epoch {tenant.Epoch}. Create a new migration instead.");
                }

                await EnsureNotMovingAsync(tx, tenant.Id, except: id);
                var target = await CheckTargetAsync(tx, tenant, original.From, allowDraining: true);
                var at = tx.Now;
                var (seq, reverseId) = await migrationStore.NextIdAsync(tx);
                var soaked = at - (MigrationReports.EnteredAt(original, MigrationState.Soak) ?? at);
                var ended = MigrationReports.Enter(original, MigrationState.Complete, at, soaked) with
                {
                    ReversedBy = reverseId,
                    Reason = original.State == MigrationState.Soak
                        ? $"Reversed by {reverseId} during its soak; the copy on cell '{original.From}' was kept for the reverse to replace."
                        : original.Reason,
                    UpdatedAt = at,
                };
                await migrationStore.SaveAsync(tx, ended);
                var reverse = new Migration(
                    reverseId, tenant.Id, tenant.Cell, target, tenant.Weight, tenant.Epoch, tenant.Epoch + 1, MigrationState.Planned,
                    Force: original.Force || tenant.Pinned, AbortRequested: false, ReverseOf: id, ReversedBy: null, Reason: null, LastError: null,
                    actor, at, at, SoakUntil: null, MigrationReport.Empty);
                await migrationStore.InsertAsync(tx, seq, reverse);
                await auditStore.AppendAsync(tx, actor, "migration.reverse", MigrationErrors.Target(id), AuditDetail.Of(("reverse", reverseId), ("tenant", tenant.Id), ("from", reverse.From), ("to", reverse.To)));
                return reverse;
            },
            cancellationToken);

    /// <summary>A cell under a deployment or an experiment takes no migration (other migrations have their own per-cell limits).</summary>
    private async Task RefuseBusyCellsAsync(StoreTransaction tx, IEnumerable<string> cells)
    {
        if (await guards.FindConflictAsync(tx, cells, MigrationActivityGuard.Name) is { } conflict)
        {
            throw ControlPlaneException.Conflict("Cell busy", conflict);
        }
    }

    private async Task EnsureNotMovingAsync(StoreTransaction tx, string tenant, string? except)
    {
        if (await migrationStore.FindUnfinishedAsync(tx, tenant, except) is { } active)
        {
            throw MigrationErrors.AlreadyMoving(active);
        }
    }

    /// <summary>Checks a named target: another cell, Active (or Draining, for a reverse), with room once reservations count.</summary>
    private async Task<string> CheckTargetAsync(StoreTransaction tx, Tenant tenant, string cellId, bool allowDraining)
    {
        if (cellId == tenant.Cell)
        {
            throw MigrationErrors.SameCell(tenant.Id, cellId);
        }

        var cell = await cellStore.GetLoadAsync(tx, cellId) ?? throw ControlPlaneException.CellNotFound(cellId);
        if (cell.State != CellState.Active && !(allowDraining && cell.State == CellState.Draining))
        {
            throw ControlPlaneException.Conflict("Target cell not Active", $"Cell '{cellId}' is {cell.State}; only Active cells take tenants.");
        }

        var reserved = (await migrationStore.GetReservationsAsync(tx)).GetValueOrDefault(cellId)?.Incoming ?? 0;
        if (!(cell with { Load = cell.Load + reserved }).HasRoomFor(tenant.Weight))
        {
            throw ControlPlaneException.Conflict(
                "Target cell has no room",
                $"Cell '{cellId}' has no room for tenant '{tenant.Id}' of weight {tenant.Weight}: {cell.Load} of its {cell.Capacity} weight units are used and {reserved} more are reserved by migrations heading there.");
        }

        return cellId;
    }

    /// <summary>Chooses the least utilised Active cell other than the tenant's with room, counting the weight of migrations already heading to each.</summary>
    private async Task<string> PlaceAsync(StoreTransaction tx, Tenant tenant)
    {
        var reservations = await migrationStore.GetReservationsAsync(tx);
        var loads = (await cellStore.ListLoadsAsync(tx, CellState.Active))
            .Where(l => l.Id != tenant.Cell)
            .Select(l => l with { Load = l.Load + (reservations.GetValueOrDefault(l.Id)?.Incoming ?? 0) })
            .ToList();
        if (PlacementPolicy.ChooseLeastUtilised(loads, tenant.Weight, region: null) is { } chosen)
        {
            return chosen.Id;
        }

        var detail = loads.Count == 0
            ? $"There is no Active cell other than '{tenant.Cell}' to move tenant '{tenant.Id}' to; create or activate one."
            : $"None of the {loads.Count} other Active cell(s) has room for tenant '{tenant.Id}' of weight {tenant.Weight} (counting migrations already heading there); add a cell or raise a capacity.";
        throw ControlPlaneException.Conflict("No cell has room", detail);
    }
}
