using System.Globalization;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Placement;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// <c>POST /api/v1/rebalance</c>: plans moves from Active cells above a utilisation threshold to
/// Active cells below it (<see cref="RebalancePlanner"/>), sizing each tenant by the rows its cell
/// reports (its weight when the cell does not answer), and creates the migrations unless it is a dry run.
/// </summary>
internal sealed partial class Rebalancer(IStoreDatabase database, CellStore cellStore, ICellularStore store, CellTenantClient cellTenants, MigrationService migrations, ILogger<Rebalancer> logger)
{
    public const double DefaultThreshold = 0.8;
    public const int DefaultMaxMoves = 100;
    public const int MaxMoves = 1000;

    /// <summary>Cells asked for tenant sizes at the same time.</summary>
    private const int SizeQueries = 8;

    public async Task<RebalancePlan> RebalanceAsync(RebalanceRequest request, string actor, CancellationToken cancellationToken)
    {
        var threshold = request.Threshold ?? DefaultThreshold;
        if (!(threshold > 0 && threshold <= 1))
        {
            throw ControlPlaneException.BadRequest(string.Create(CultureInfo.InvariantCulture, $"The threshold is a utilisation (load / capacity), more than 0 and at most 1, not {threshold}."));
        }

        var maxMoves = request.MaxMoves ?? DefaultMaxMoves;
        if (maxMoves is < 1 or > MaxMoves)
        {
            throw ControlPlaneException.BadRequest($"maxMoves must be 1 to {MaxMoves}, not {maxMoves}.");
        }

        var dryRun = request.DryRun ?? false;
        var records = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).Where(c => c.Cell.State == CellState.Active).ToList();
        var reservations = await store.GetCellReservationsAsync(cancellationToken);
        var cells = records
            .Select(c => new CellLoad(c.Cell.Id, c.Cell.Region, c.Cell.State, c.Cell.Capacity, c.Load + Reserved(reservations, c.Cell.Id)))
            .ToList();
        var candidates = await CandidatesAsync(records, cells, threshold, cancellationToken);
        var (moves, before, after) = RebalancePlanner.Plan(cells, candidates, threshold, maxMoves);

        var created = new List<Migration>();
        var skipped = new List<SkippedTenant>();
        if (!dryRun)
        {
            foreach (var move in moves)
            {
                try
                {
                    created.Add(await migrations.CreateAsync(new CreateMigrationRequest(move.Tenant, move.To), actor, cancellationToken));
                }
                catch (ControlPlaneException e)
                {
                    skipped.Add(new SkippedTenant(move.Tenant, e.Message));
                }
            }
        }

        Log.Planned(logger, threshold, moves.Count, dryRun, created.Count, actor);
        return new RebalancePlan(threshold, dryRun, moves, before, after, created, skipped);
    }

    /// <summary>The unpinned tenants of cells above the threshold that are not moving already, each with its size.</summary>
    private async Task<List<RebalanceCandidate>> CandidatesAsync(List<CellRecord> records, List<CellLoad> cells, double threshold, CancellationToken cancellationToken)
    {
        var moving = (await store.ListUnfinishedMigrationsAsync(cancellationToken)).Select(m => m.Tenant).ToHashSet(StringComparer.Ordinal);
        var endpoints = records.ToDictionary(c => c.Cell.Id, c => c.Cell.Endpoint, StringComparer.Ordinal);
        var tenants = new List<Tenant>();
        foreach (var cell in cells.Where(c => (double)c.Load / c.Capacity > threshold))
        {
            tenants.AddRange((await store.ListTenantsInCellAsync(cell.Id, cancellationToken))
                .Select(t => t.Tenant)
                .Where(t => !t.Pinned && !moving.Contains(t.Id)));
        }

        using var gate = new SemaphoreSlim(SizeQueries);
        return [.. await Task.WhenAll(tenants.Select(async tenant =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await SizeAsync(tenant, endpoints[tenant.Cell], cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }))];
    }

    /// <summary>The tenant's live rows on its cell (at least 1), or its weight when the cell does not say.</summary>
    private async Task<RebalanceCandidate> SizeAsync(Tenant tenant, string? endpoint, CancellationToken cancellationToken)
    {
        if (endpoint is not null)
        {
            try
            {
                var view = await cellTenants.GetAsync(endpoint, tenant.Id, cancellationToken);
                return new RebalanceCandidate(tenant.Id, tenant.Cell, tenant.Weight, Math.Max(1, view.Rows), "rows");
            }
            catch (CellTenantCallException)
            {
                // Sized by weight below.
            }
        }

        return new RebalanceCandidate(tenant.Id, tenant.Cell, tenant.Weight, tenant.Weight, "weight");
    }

    private static long Reserved(IReadOnlyDictionary<string, CellReservation> reservations, string cell) =>
        reservations.TryGetValue(cell, out var reserved) ? reserved.Incoming - reserved.Outgoing : 0;

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.RebalancePlanned, LogLevel.Information, "Rebalance at threshold {threshold} by {actor}: {moves} move(s) planned (dry run: {dryRun}), {created} migration(s) created")]
        public static partial void Planned(ILogger logger, double threshold, int moves, bool dryRun, int created, string actor);
    }
}
