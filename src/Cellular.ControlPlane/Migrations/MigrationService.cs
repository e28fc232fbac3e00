using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tenants;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// The migration API's logic: plans migrations (the scheduler runs them), lists them, aborts them
/// before their switch and reverses them after it. Every change is audited.
/// </summary>
internal sealed partial class MigrationService(
    IStoreDatabase database,
    CellStore cellStore,
    TenantStore tenantStore,
    MigrationStore migrationStore,
    MigrationTransitions transitions,
    AuditStore auditStore,
    MigrationScheduler scheduler,
    IEnumerable<Experiments.ICellActivityGuard> guards,
    CellTenantClient cellTenants,
    IOptions<MigrationOptions> options,
    TimeProvider time,
    ILogger<MigrationService> logger)
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;

    /// <summary>Plans a migration; it starts as soon as its cells have a free slot.</summary>
    public async Task<Migration> CreateAsync(CreateMigrationRequest request, string actor, CancellationToken cancellationToken)
    {
        var tenantId = TenantRequestValidator.RequireTenantId(request.Tenant);
        var to = request.To is null ? null : CellRequestValidator.RequireCellId(request.To);
        var tenant = await database.ReadAsync(tx => tenantStore.GetAsync(tx, tenantId), cancellationToken) ?? throw ControlPlaneException.TenantNotFound(tenantId);
        await EnsureSourceCanExportAsync(tenant.Tenant, cancellationToken);
        var migration = await PlanAsync(new MigrationRequest(tenantId, to, request.Force ?? false), actor, cancellationToken);
        Log.Created(logger, migration.Id, migration.Tenant, migration.From, migration.To, migration.Epoch, actor);
        scheduler.Wake();
        return migration;
    }

    /// <summary>The newest migrations first, filtered by state, tenant and cell (source or target) when given.</summary>
    public async Task<List<Migration>> ListAsync(MigrationState? state, string? tenant, string? cell, int limit, CancellationToken cancellationToken)
    {
        if (tenant is not null)
        {
            TenantRequestValidator.RequireTenantId(tenant);
        }

        return [.. await database.ReadAsync(tx => migrationStore.ListAsync(tx, state, tenant, cell, limit), cancellationToken)];
    }

    public async Task<Migration> GetAsync(string id, CancellationToken cancellationToken) =>
        await database.ReadAsync(tx => migrationStore.GetAsync(tx, id), cancellationToken) ?? throw MigrationErrors.NotFound(id);

    /// <summary>
    /// Aborts a migration before its switch: a Planned one ends at once; a running one is stopped
    /// and rolled back (source unfenced, target purged). Waits briefly for the rollback and returns
    /// the migration as it is then (<see cref="Migration.AbortRequested"/> shows one still under way).
    /// </summary>
    public async Task<Migration> AbortAsync(string id, string actor, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken);
        ThrowIfPastAbort(current);
        var requested = await transitions.UpdateAsync(
            id,
            MigrationStates.BeforeSwitch,
            m => m with { AbortRequested = true },
            new MigrationAudit(actor, "migration.abort", AuditDetail.Of(("tenant", current.Tenant), ("state", current.State.ToString()))),
            cancellationToken);
        if (requested is null)
        {
            ThrowIfPastAbort(await GetAsync(id, cancellationToken));
            throw new InvalidOperationException($"Migration {id} changed while it was aborted.");
        }

        Log.AbortRequested(logger, id, requested.Tenant, requested.State, actor);
        var notStarted = await transitions.EndAsync(
            id,
            [MigrationState.Planned],
            m => MigrationReports.Enter(m with { Reason = $"Aborted by {actor} before it started." }, MigrationState.Aborted, time.GetUtcNow(), TimeSpan.Zero),
            burnEpoch: false,
            new MigrationAudit(actor, "migration.aborted", AuditDetail.Of(("tenant", current.Tenant), ("from", nameof(MigrationState.Planned)))),
            cancellationToken);
        if (notStarted is { } ended)
        {
            scheduler.Wake();
            return ended.Value;
        }

        await scheduler.InterruptAsync(id, cancellationToken);
        await scheduler.RunNowAsync(id, options.Value.RequestTimeout * 3, cancellationToken);
        return await GetAsync(id, cancellationToken);
    }

    /// <summary>Plans the way back of a switched migration: the tenant, with every write made since, returns to its old cell by the same protocol.</summary>
    public async Task<Migration> ReverseAsync(string id, string actor, CancellationToken cancellationToken)
    {
        var original = await GetAsync(id, cancellationToken);
        if (MigrationStates.ReverseRefusal(original) is { } refusal)
        {
            throw ControlPlaneException.Conflict("Migration cannot be reversed", refusal);
        }

        var tenant = await database.ReadAsync(tx => tenantStore.GetAsync(tx, original.Tenant), cancellationToken) ?? throw ControlPlaneException.TenantNotFound(original.Tenant);
        await EnsureSourceCanExportAsync(tenant.Tenant, cancellationToken);
        Migration reverse;
        await using (var hold = await scheduler.HoldAsync(id, cancellationToken))
        using (hold.Enter())
        {
            reverse = await PlanReverseAsync(id, actor, cancellationToken);
        }

        Log.Reversed(logger, id, reverse.Id, reverse.Tenant, reverse.From, reverse.To, actor);
        scheduler.Wake();
        return reverse;
    }

    /// <summary>
    /// A source that is Unhealthy or Quarantined is moved off only if it still answers for the
    /// tenant: the export must work. Cells being created or retired hold no tenant to move.
    /// </summary>
    private async Task EnsureSourceCanExportAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var cell = (await database.ReadAsync(tx => cellStore.GetAsync(tx, tenant.Cell), cancellationToken))?.Cell ?? throw ControlPlaneException.CellNotFound(tenant.Cell);
        if (cell.State is CellState.Provisioning or CellState.Retired || cell.Endpoint is null)
        {
            throw ControlPlaneException.Conflict("Source cell cannot export", $"Tenant '{tenant.Id}' is in cell '{cell.Id}', which is {cell.State}; there is nothing to move it from.");
        }

        if (cell.State is CellState.Unhealthy or CellState.Quarantined)
        {
            try
            {
                await cellTenants.GetAsync(cell.Endpoint, tenant.Id, cancellationToken);
            }
            catch (CellTenantCallException e)
            {
                throw ControlPlaneException.Conflict(
                    "Source cell not answering",
                    $"Cell '{cell.Id}' is {cell.State} and does not answer for tenant '{tenant.Id}' ({e.Message}); its data cannot be exported, so the tenant cannot be moved live.");
            }
        }
    }

    private static void ThrowIfPastAbort(Migration migration)
    {
        if (migration.State.IsTerminal())
        {
            throw ControlPlaneException.Conflict("Migration already ended", $"Migration {migration.Id} already ended {migration.State}.");
        }

        if (migration.State.IsSwitched())
        {
            throw ControlPlaneException.Conflict(
                "Migration past its switch",
                $"Migration {migration.Id} is {migration.State}: tenant '{migration.Tenant}' already belongs to cell '{migration.To}' (the switch is the point of no return). Reverse it instead: POST /api/v1/migrations/{migration.Id}/reverse.");
        }
    }
}
