using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Health;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// Builds the fleet table: one row per cell that is not retired, from the registry (tenant counts
/// and load are kept on the cell rows, so no tenant is scanned), the health monitor's last probes,
/// the sampler's router signals and the workflows touching each cell. Sorting, filtering and paging
/// happen here, on the server, so a page of 50 rows costs the same at 10 or 1,000 cells.
/// </summary>
internal sealed class FleetService(
    IStoreDatabase database,
    CellStore cellStore,
    ICellularStore store,
    FleetSampler sampler,
    CellHealthTracker health,
    IOptions<FleetOptions> options)
{
    /// <summary>The page <paramref name="query"/> asks for, with the fleet-wide summary.</summary>
    public async Task<FleetPage> GetPageAsync(FleetQuery query, CancellationToken cancellationToken)
    {
        var fleet = await BuildAsync(cancellationToken);
        var matched = fleet.Rows.Where(r => Matches(r, query, fleet.Labels)).ToList();
        FleetSorting.Sort(matched, query.Sort, query.Descending);
        var rows = matched.Skip(query.Offset).Take(query.Limit).ToList();
        return new FleetPage(rows, query.Offset, query.Limit, matched.Count, query.Sort, query.Descending, fleet.Summary);
    }

    /// <summary>One cell's row with its peers' median.</summary>
    /// <exception cref="ControlPlaneException">404 when the cell is unknown or retired.</exception>
    public async Task<FleetCellDetail> GetCellAsync(string id, CancellationToken cancellationToken)
    {
        CellRequestValidator.RequireCellId(id);
        var fleet = await BuildAsync(cancellationToken);
        var row = fleet.Rows.FirstOrDefault(r => r.Id == id) ?? throw ControlPlaneException.CellNotFound(id);
        var (median, count) = fleet.Peers.For(row.Id, row.Signals);
        return new FleetCellDetail(row, median, count);
    }

    private async Task<Fleet> BuildAsync(CancellationToken cancellationToken)
    {
        var sample = sampler.Current;
        var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).Where(c => c.Cell.State != CellState.Retired).ToList();
        var deployments = await store.ListUnfinishedDeploymentsAsync(cancellationToken);
        var migrations = await store.ListUnfinishedMigrationsAsync(cancellationToken);
        var experiments = await store.ListUnfinishedExperimentsAsync(cancellationToken);

        var deploying = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var deployment in deployments)
        {
            foreach (var cell in deployment.Deployment.Cells)
            {
                deploying.TryAdd(cell.Cell, deployment.Id);
            }
        }

        var moving = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var migration in migrations.Where(m => m.State != MigrationState.Soak))
        {
            moving[migration.From] = moving.GetValueOrDefault(migration.From) + 1;
            moving[migration.To] = moving.GetValueOrDefault(migration.To) + 1;
        }

        var experimenting = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var experiment in experiments.Select(e => e.Experiment).Where(e => e.State is ExperimentState.Pending or ExperimentState.Running))
        {
            foreach (var target in experiment.Targets)
            {
                experimenting.TryAdd(target, experiment.Id);
            }
        }

        var peers = new PeerMedians(cells.Where(c => c.Cell.State == CellState.Active).Select(c => (c.Cell.Id, sample.For(c.Cell.Id).Signals)));
        var rows = new List<FleetRow>(cells.Count);
        foreach (var record in cells)
        {
            var cell = record.Cell;
            var own = sample.For(cell.Id);
            var history = health.Find(cell.Id);
            var healthText = history is null ? "unknown" : history.LastHealthy ? "healthy" : "failing";
            var (median, count) = peers.For(cell.Id, own.Signals);
            rows.Add(new FleetRow(
                cell.Id,
                cell.State,
                healthText,
                cell.Stage,
                cell.Region,
                cell.Zone,
                cell.Provider,
                cell.Version,
                record.Tenants,
                (int)Math.Min(record.Load, int.MaxValue),
                cell.Capacity,
                own.Signals,
                own.Sparkline,
                FleetAlarms.Of(cell.State, healthText, history?.LastError, own.Signals, median, count, sample),
                deploying.GetValueOrDefault(cell.Id),
                moving.GetValueOrDefault(cell.Id),
                experimenting.GetValueOrDefault(cell.Id)));
        }

        var labels = cells.ToDictionary(c => c.Cell.Id, c => c.Cell.Labels, StringComparer.Ordinal);
        return new Fleet(rows, Summarise(rows, deployments, sample), peers, labels);
    }

    private FleetSummary Summarise(List<FleetRow> rows, IReadOnlyList<DeploymentRecord> deployments, FleetSample sample)
    {
        var settings = options.Value;
        var waiting = deployments
            .Select(d => d.Deployment)
            .Where(d => d.State == DeploymentState.WaitingForApproval)
            .Select(d =>
            {
                var wave = d.Waves.FirstOrDefault(w => w.State == DeploymentWaveState.WaitingForApproval)
                    ?? d.Waves.FirstOrDefault(w => w.State == DeploymentWaveState.Pending)
                    ?? d.Waves[^1];
                return new FleetApproval(d.Id, d.Version, wave.Index, wave.Cells, d.UpdatedAt);
            })
            .ToList();
        return new FleetSummary(
            rows.Count,
            Count(rows, r => r.State.ToString()),
            Count(rows, r => r.Health),
            Count(rows, r => r.Version),
            rows.Sum(r => r.Tenants),
            sample.Fleet,
            rows.Count(r => r.Alarms.Count > 0),
            waiting,
            sample.StatsAvailable,
            sample.StatsError,
            sample.SampledAt,
            settings.SignalWindow.TotalSeconds,
            settings.SampleInterval.TotalSeconds,
            settings.SparklineSamples);
    }

    private static SortedDictionary<string, int> Count(List<FleetRow> rows, Func<FleetRow, string> key)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var k = key(row);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }

        return counts;
    }

    private static bool Matches(FleetRow row, FleetQuery query, Dictionary<string, IReadOnlyDictionary<string, string>> labels)
    {
        if (query.States is { } states && !states.Contains(row.State))
        {
            return false;
        }

        if (query.Stages is { } stages && !stages.Contains(row.Stage))
        {
            return false;
        }

        if (query.Health is { } healthValues && !healthValues.Contains(row.Health))
        {
            return false;
        }

        if (query.Alarms is { } alarms
            && !(alarms.Contains("any") && row.Alarms.Count > 0)
            && !(alarms.Contains("none") && row.Alarms.Count == 0)
            && !row.Alarms.Any(a => alarms.Contains(a.Kind)))
        {
            return false;
        }

        return query.Text is not { } text || FleetText.Matches(row, text) || FleetText.MatchesLabels(labels[row.Id], text);
    }

    private sealed record Fleet(List<FleetRow> Rows, FleetSummary Summary, PeerMedians Peers, Dictionary<string, IReadOnlyDictionary<string, string>> Labels);
}
