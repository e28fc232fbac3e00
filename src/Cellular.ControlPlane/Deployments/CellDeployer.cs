using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Telemetry;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Puts a release on one cell blue/green: stage the new workload beside the old, switch the cell's
/// endpoint in the routing table, wait until every router uses it, give requests already under way
/// to the old workload time to finish, stop the old one, verify. Every step is recorded in the
/// deployment before its side effect, so a restarted control plane continues (or cleanly redoes)
/// the step it was in. Used forwards (Staging → Switching → Deployed) and for rollbacks
/// (RollingBack → RolledBack) alike.
/// </summary>
internal sealed partial class CellDeployer(
    IStoreDatabase database,
    CellStore cellStore,
    TableVersionStore versionStore,
    ICellularStore store,
    CellProviders providers,
    RoutingTablePublisher publisher,
    RouterStatsClient routers,
    CellProbe probe,
    IEnumerable<IDeploymentCheckpoint> checkpoints,
    IOptions<DeploymentOptions> options,
    TimeProvider time,
    ILogger<CellDeployer> logger)
{
    private static readonly TimeSpan RouterPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Runs (or continues) the cell's step towards <paramref name="release"/>. True when the cell runs
    /// it and passed its verification; false when it did not take it (it still runs what it ran, the
    /// error recorded) or took it but failed verification (recorded, so the wave rolls back).
    /// </summary>
    public async Task<bool> RunAsync(string deploymentId, string cellId, CellRelease release, bool rollback, CancellationToken cancellationToken)
    {
        await using var span = ControlPlaneTracing.DeploymentCell(deploymentId, cellId, rollback, store);
        var requested = release;
        var working = rollback ? DeploymentCellState.RollingBack : DeploymentCellState.Switching;
        while (true)
        {
            var deployment = await GetAsync(deploymentId, cancellationToken);
            var step = deployment.CellOf(cellId);
            var record = await database.ReadAsync(tx => cellStore.GetAsync(tx, cellId), cancellationToken);
            if (record is null || record.Cell.State is CellState.Retired or CellState.Provisioning)
            {
                await UpdateCellAsync(deploymentId, cellId, c => c with { State = DeploymentCellState.Skipped, Error = "The cell was retired before the deployment reached it." }, cancellationToken);
                return true;
            }

            var cell = record.Cell;
            var provider = providers.Get(cell.Provider);

            // A release without an artifact keeps the program each cell runs now (a rollback's previous release says exactly what ran).
            release = rollback || requested.Artifact is not null ? requested : requested with { Artifact = step.Previous?.Artifact ?? cell.Artifact };
            if (step.State is not (DeploymentCellState.Staging or DeploymentCellState.Switching or DeploymentCellState.RollingBack))
            {
                // A fresh step: remember what runs now (a rollback keeps the release it will put back).
                await UpdateCellAsync(
                    deploymentId,
                    cellId,
                    c => c with
                    {
                        State = rollback ? DeploymentCellState.RollingBack : DeploymentCellState.Staging,
                        Previous = rollback ? c.Previous : cell.Release,
                        PreviousEndpoint = cell.Endpoint,
                        StagedEndpoint = null,
                        StartedAt = time.GetUtcNow(),
                        Error = null,
                    },
                    cancellationToken);
                continue;
            }

            if (step.StagedEndpoint is null)
            {
                await ReachAsync(deployment, DeploymentCheckpoints.CellStaging, cancellationToken);
                string staged;
                try
                {
                    staged = await provider.StageAsync(cell, release, await EndpointsInUseAsync(cancellationToken), cancellationToken);
                }
                catch (Exception e) when (e is CellStartException or ControlPlaneException)
                {
                    Log.CellFailed(logger, deploymentId, cellId, release.Version, e.Message);
                    await UpdateCellAsync(
                        deploymentId,
                        cellId,
                        c => c with { State = DeploymentCellState.Failed, Error = $"Version {release.Version} did not start: {e.Message}" },
                        cancellationToken);
                    return false;
                }

                await UpdateCellAsync(deploymentId, cellId, c => c with { StagedEndpoint = staged, State = working }, cancellationToken);
                continue;
            }

            var stagedEndpoint = step.StagedEndpoint;
            long tableVersion;
            if (!string.Equals(cell.Endpoint, stagedEndpoint, StringComparison.Ordinal) || cell.Version != release.Version)
            {
                if (!await IsServingAsync(cellId, stagedEndpoint, release.Version, cancellationToken))
                {
                    // Staged before a restart and gone since (or never healthy): start over.
                    await provider.StopWorkloadAsync(cell, stagedEndpoint, cancellationToken);
                    await UpdateCellAsync(deploymentId, cellId, c => c with { StagedEndpoint = null, State = rollback ? DeploymentCellState.RollingBack : DeploymentCellState.Staging }, cancellationToken);
                    continue;
                }

                await ReachAsync(deployment, DeploymentCheckpoints.CellStaged, cancellationToken);
                var switched = await store.SwitchCellReleaseAsync(cellId, release, stagedEndpoint, Actor.DeploymentRunner, deploymentId, cancellationToken);
                publisher.Committed(switched.Version);
                tableVersion = switched.Version;
                cell = switched.Value.Cell;
                await ReachAsync(deployment, DeploymentCheckpoints.CellSwitched, cancellationToken);
            }
            else
            {
                tableVersion = await database.ReadAsync(versionStore.GetAsync, cancellationToken);
            }

            await WaitForRoutersAsync(cellId, tableVersion, cancellationToken);
            await Task.Delay(options.Value.DrainTime, time, cancellationToken);
            if (step.PreviousEndpoint is { } old && !string.Equals(old, stagedEndpoint, StringComparison.Ordinal))
            {
                await provider.StopWorkloadAsync(cell, old, cancellationToken);
            }

            string? verifyError = null;
            try
            {
                await provider.VerifyAsync(cell, cancellationToken);
            }
            catch (Exception e) when (e is CellStartException or ControlPlaneException)
            {
                verifyError = $"Version {release.Version} runs but failed verification: {e.Message}";
                Log.CellFailed(logger, deploymentId, cellId, release.Version, verifyError);
            }

            await UpdateCellAsync(
                deploymentId,
                cellId,
                c => c with
                {
                    State = rollback ? DeploymentCellState.RolledBack : DeploymentCellState.Deployed,
                    DeployedAt = time.GetUtcNow(),
                    Error = verifyError,
                },
                cancellationToken);
            Log.CellDeployed(logger, deploymentId, cellId, release.Version, stagedEndpoint);
            return verifyError is null;
        }
    }

    private async Task<Deployment> GetAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetDeploymentAsync(id, cancellationToken))?.Deployment ?? throw ControlPlaneException.DeploymentNotFound(id);

    private async Task UpdateCellAsync(string deploymentId, string cellId, Func<DeploymentCell, DeploymentCell> change, CancellationToken cancellationToken) =>
        _ = await store.UpdateDeploymentAsync(
                deploymentId,
                null,
                r => r with { Deployment = r.Deployment.WithCell(cellId, change) with { UpdatedAt = time.GetUtcNow() } },
                null,
                cancellationToken)
            ?? throw ControlPlaneException.DeploymentNotFound(deploymentId);

    private async Task ReachAsync(Deployment deployment, string checkpoint, CancellationToken cancellationToken)
    {
        foreach (var checkpointHandler in checkpoints)
        {
            await checkpointHandler.ReachedAsync(deployment, checkpoint, cancellationToken);
        }
    }

    private async Task<bool> IsServingAsync(string cellId, string endpoint, string version, CancellationToken cancellationToken)
    {
        var info = await probe.GetInfoAsync(cellId, endpoint, cancellationToken);
        return info is not null && info.Cell == cellId && info.Version == version;
    }

    /// <summary>Endpoints no new workload may take: every live cell's and every workload staged by an unfinished deployment.</summary>
    private async Task<IReadOnlyCollection<string>> EndpointsInUseAsync(CancellationToken cancellationToken)
    {
        var endpoints = (await database.ReadAsync(cellStore.ListAsync, cancellationToken))
            .Where(c => c.Cell.State != CellState.Retired && c.Cell.Endpoint is not null)
            .Select(c => c.Cell.Endpoint!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var deployment in await store.ListUnfinishedDeploymentsAsync(cancellationToken))
        {
            endpoints.UnionWith(deployment.Deployment.Cells.Where(c => c.StagedEndpoint is not null).Select(c => c.StagedEndpoint!));
            endpoints.UnionWith(deployment.Deployment.Cells.Where(c => c.PreviousEndpoint is not null).Select(c => c.PreviousEndpoint!));
        }

        return endpoints;
    }

    /// <summary>
    /// Waits until every configured router uses table <paramref name="version"/> (or newer), so no new
    /// request goes to the old workload; gives up after <see cref="DeploymentOptions.SwitchTimeout"/>
    /// with a warning (a router that cannot be read keeps its last table and its own retries).
    /// </summary>
    private async Task WaitForRoutersAsync(string cellId, long version, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.SwitchTimeout;
        var behind = "no router answered yet";
        while (true)
        {
            try
            {
                var versions = await routers.ReadTableVersionsAsync(time.GetUtcNow(), cancellationToken);
                var lagging = versions.Where(v => v.Value < version).Select(v => $"{v.Key} at {v.Value}").ToList();
                if (lagging.Count == 0)
                {
                    return;
                }

                behind = string.Join(", ", lagging);
            }
            catch (RouterStatsException e)
            {
                behind = e.Message;
            }

            if (time.GetUtcNow() >= deadline)
            {
                Log.RoutersLagging(logger, cellId, version, behind);
                return;
            }

            await Task.Delay(RouterPollInterval, time, cancellationToken);
        }
    }
}
