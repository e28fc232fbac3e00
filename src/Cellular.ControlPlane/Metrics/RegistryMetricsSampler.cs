using Cellular.ControlPlane.Health;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Metrics;

/// <summary>
/// Reads the registry, the migrations and the deployments from the store into a
/// <see cref="RegistryMetricsSnapshot"/> right before each scrape of <c>/metrics</c> (observable
/// instruments are synchronous; the store is not). Ended deployments are counted once each, so the
/// counters only grow while the process lives; the set of counted ids is bounded by
/// <see cref="DeploymentWindow"/>.
/// </summary>
internal sealed class RegistryMetricsSampler(IStoreDatabase database, CellStore cellStore, ICellularStore store, CellHealthTracker health, TimeProvider time)
{
    /// <summary>Newest deployments read per sample; an older one cannot end any more once this many came after it.</summary>
    public const int DeploymentWindow = 500;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, long> _ended = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _rollbacks = new(StringComparer.Ordinal);
    private HashSet<string> _counted = new(StringComparer.Ordinal);
    private RegistryMetricsSnapshot _snapshot = RegistryMetricsSnapshot.Empty;

    /// <summary>The last snapshot read.</summary>
    public RegistryMetricsSnapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>Reads a new snapshot from the store.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).Where(c => c.Cell.State != CellState.Retired).ToList();
            var rows = cells.Select(c => Row(c, health.Find(c.Cell.Id))).ToList();

            var migrations = (await store.ListUnfinishedMigrationsAsync(cancellationToken))
                .Where(m => m.State is not (MigrationState.Planned or MigrationState.Soak))
                .GroupBy(m => (m.From, m.State))
                .Select(g => new MigrationMetricsRow(
                    g.Key.From,
                    g.Key.State.ToString().ToLowerInvariant(),
                    g.Count(),
                    g.Max(m => (now - m.CreatedAt).TotalSeconds),
                    g.Max(m => (now - m.UpdatedAt).TotalSeconds)))
                .ToList();

            var deployments = await store.ListDeploymentsAsync(DeploymentWindow, null, cancellationToken);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in deployments)
            {
                var deployment = record.Deployment;
                if (!deployment.State.IsFinal())
                {
                    continue;
                }

                seen.Add(deployment.Id);
                if (_counted.Contains(deployment.Id))
                {
                    continue;
                }

                var outcome = Outcome(deployment.State);
                _ended[outcome] = _ended.GetValueOrDefault(outcome) + 1;
                foreach (var cell in deployment.Cells.Where(c => c.State == DeploymentCellState.RolledBack))
                {
                    _rollbacks[cell.Cell] = _rollbacks.GetValueOrDefault(cell.Cell) + 1;
                }
            }

            _counted = seen;
            foreach (var state in new[] { DeploymentState.Succeeded, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Aborted })
            {
                _ended.TryAdd(Outcome(state), 0);
            }

            // Every live cell has a series from the start (0), so the first rollback is an increase.
            var rollbacks = new Dictionary<string, long>(_rollbacks, StringComparer.Ordinal);
            foreach (var cell in cells)
            {
                rollbacks.TryAdd(cell.Cell.Id, 0);
            }

            Volatile.Write(ref _snapshot, new RegistryMetricsSnapshot(rows, migrations, new Dictionary<string, long>(_ended, StringComparer.Ordinal), rollbacks));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The outcome label of an ended deployment: <c>succeeded</c>, <c>rolled_back</c>, <c>failed</c>, <c>aborted</c>.</summary>
    public static string Outcome(DeploymentState state) => state switch
    {
        DeploymentState.RolledBack => "rolled_back",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static CellMetricsRow Row(CellRecord record, CellProbeHistory? probes)
    {
        var cell = record.Cell;
        return new CellMetricsRow(
            cell.Id,
            cell.State.ToString().ToLowerInvariant(),
            cell.Stage.ToString().ToLowerInvariant(),
            cell.Region,
            cell.Zone,
            cell.Version,
            probes is null ? null : probes.LastHealthy ? 1 : 0,
            record.Tenants,
            record.Load,
            cell.Capacity);
    }
}
