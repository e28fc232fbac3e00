using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Placement;
using Cellular.ControlPlane.Store;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tenants;

/// <summary>
/// The tenant rules, each checked and applied in one store write transaction (writes are
/// serialised store-wide, on every replica): placement cannot hand two tenants the last room in
/// a cell, and a tenant is created or pinned at most once.
/// </summary>
internal sealed partial class TenantService
{
    /// <summary>Creates a tenant, choosing its cell (or checking the one asked for) in the write transaction.</summary>
    private Task<Committed<TenantRecord>> InsertAsync(TenantPlacementRequest request, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                if (await tenants.GetForUpdateAsync(tx, request.Id) is { } existing)
                {
                    throw ControlPlaneException.Conflict("Tenant already exists", $"Tenant '{request.Id}' already exists (in cell '{existing.Tenant.Cell}').");
                }

                var cell = request.Cell is null
                    ? await PlaceAsync(tx, request)
                    : await CheckRequestedCellAsync(tx, request, request.Cell);
                await tenants.InsertAsync(tx, request.Id, cell.Id, request.Weight);
                var record = (await tenants.GetAsync(tx, request.Id))!;
                var version = await versions.BumpAsync(tx);
                await audit.AppendAsync(tx, actor, "tenant.create", AuditDetail.TenantTarget(request.Id), AuditDetail.Of(record.ToView()));
                return new Committed<TenantRecord>(record, version, true);
            },
            cancellationToken);

    private Task<Committed<TenantRecord>> CommitPinnedAsync(string id, bool pinned, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await tenants.GetForUpdateAsync(tx, id) ?? throw ControlPlaneException.TenantNotFound(id);
                if (current.Tenant.Pinned == pinned)
                {
                    return new Committed<TenantRecord>(current, await versions.GetAsync(tx), false);
                }

                await tenants.SetPinnedAsync(tx, id, pinned);
                var updated = (await tenants.GetAsync(tx, id))!;
                var version = await versions.BumpAsync(tx);
                await audit.AppendAsync(tx, actor, pinned ? "tenant.pin" : "tenant.unpin", AuditDetail.TenantTarget(id), AuditDetail.Of(("cell", updated.Tenant.Cell)));
                return new Committed<TenantRecord>(updated, version, true);
            },
            cancellationToken);

    /// <summary>The least utilised Active cell (of the region, when asked) with room; 409 when there is none.</summary>
    private async Task<CellLoad> PlaceAsync(StoreTransaction tx, TenantPlacementRequest request)
    {
        var loads = (await cells.ListLoadsAsync(tx, CellState.Active))
            .Where(l => request.Region is null || l.Region == request.Region)
            .ToList();
        if (PlacementPolicy.ChooseLeastUtilised(loads, request.Weight, request.Region) is { } chosen)
        {
            return chosen;
        }

        var where = request.Region is null ? string.Empty : $" in region '{request.Region}'";
        var detail = loads.Count == 0
            ? $"There is no Active cell{where} to place tenant '{request.Id}' in; create or activate one."
            : $"None of the {loads.Count} Active cell(s){where} has room for tenant '{request.Id}' of weight {request.Weight}; "
                + $"the emptiest has {loads.Max(l => l.Capacity - l.Load)} free weight units. Add a cell or raise a capacity.";
        throw ControlPlaneException.Conflict("No cell has room", detail);
    }

    /// <summary>The cell asked for, if it exists, is Active, in the region asked for and has room.</summary>
    private async Task<CellLoad> CheckRequestedCellAsync(StoreTransaction tx, TenantPlacementRequest request, string cellId)
    {
        var cell = await cells.GetLoadAsync(tx, cellId) ?? throw ControlPlaneException.CellNotFound(cellId);
        if (cell.State != CellState.Active)
        {
            throw ControlPlaneException.Conflict("Cell not Active", $"Cell '{cellId}' is {cell.State}; only Active cells take new tenants.");
        }

        if (request.Region is not null && cell.Region != request.Region)
        {
            throw ControlPlaneException.Conflict("Cell in another region", $"Cell '{cellId}' is in region '{cell.Region}', not '{request.Region}'.");
        }

        if (!cell.HasRoomFor(request.Weight))
        {
            throw ControlPlaneException.Conflict(
                "Cell has no room",
                $"Cell '{cellId}' has no room for tenant '{request.Id}' of weight {request.Weight}: {cell.Load} of its {cell.Capacity} weight units are used.");
        }

        return cell;
    }
}
