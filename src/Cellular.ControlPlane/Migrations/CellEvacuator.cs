using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// Empties a cell: drains it (an Active cell takes no new tenants; an Unhealthy or Quarantined
/// one keeps its state) and plans a migration for each of its tenants to the cell placement
/// chooses. The scheduler's per-cell limits pace them.
/// </summary>
internal sealed partial class CellEvacuator(IStoreDatabase database, CellStore cellStore, ICellularStore store, CellService cells, MigrationService migrations, ILogger<CellEvacuator> logger)
{
    public async Task<CellEvacuation> EvacuateAsync(string id, bool force, string actor, CancellationToken cancellationToken)
    {
        CellRequestValidator.RequireCellId(id);
        var cell = await database.ReadAsync(tx => cellStore.GetAsync(tx, id), cancellationToken) ?? throw ControlPlaneException.CellNotFound(id);
        if (cell.Cell.State is CellState.Provisioning or CellState.Retired)
        {
            throw ControlPlaneException.Conflict("Cell cannot be evacuated", $"Cell '{id}' is {cell.Cell.State}; it holds no tenants to move.");
        }

        var state = cell.Cell.State == CellState.Active ? (await cells.DrainAsync(id, actor, cancellationToken)).State : cell.Cell.State;
        var created = new List<Migration>();
        var skipped = new List<SkippedTenant>();
        foreach (var tenant in await store.ListTenantsInCellAsync(id, cancellationToken))
        {
            if (tenant.Tenant.Pinned && !force)
            {
                skipped.Add(new SkippedTenant(tenant.Tenant.Id, $"Tenant '{tenant.Tenant.Id}' is pinned to cell '{id}'; evacuate with ?force=true to move pinned tenants too."));
                continue;
            }

            try
            {
                created.Add(await migrations.CreateAsync(new CreateMigrationRequest(tenant.Tenant.Id, null, force), actor, cancellationToken));
            }
            catch (ControlPlaneException e)
            {
                skipped.Add(new SkippedTenant(tenant.Tenant.Id, e.Message));
            }
        }

        Log.Evacuating(logger, id, state, created.Count, skipped.Count, actor);
        return new CellEvacuation(id, state, created, skipped);
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.CellEvacuating, LogLevel.Information, "Cell {cell} ({state}) is evacuated by {actor}: {migrations} migration(s) planned, {skipped} tenant(s) skipped")]
        public static partial void Evacuating(ILogger logger, string cell, CellState state, int migrations, int skipped, string actor);
    }
}
