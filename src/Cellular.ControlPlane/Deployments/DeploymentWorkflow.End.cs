using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Telemetry;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Deployments;

/// <summary>Failing a wave, rolling back, and ending a deployment with its report.</summary>
internal sealed partial class DeploymentWorkflow
{
    /// <summary>
    /// Records the failed wave with its evidence, skips every later wave (their cells never run the
    /// release) and marks the cells to roll back — before any of it happens, so a restart continues.
    /// </summary>
    private async Task FailWaveAsync(Deployment deployment, DeploymentWave wave, string reason, IReadOnlyList<GateDecision> decisions, CancellationToken cancellationToken)
    {
        await using var span = ControlPlaneTracing.DeploymentStep("wave.fail", deployment, wave, store);
        var endpoints = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).ToDictionary(c => c.Cell.Id, c => c.Cell.Endpoint, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        ForgetProbes(deployment.Id, wave);
        var failed = await UpdateAsync(
            deployment.Id,
            d =>
            {
                var rollBack = d.Cells
                    .Where(c => c.State == DeploymentCellState.Deployed && (d.RollbackAll || wave.Cells.Contains(c.Cell)))
                    .Select(c => c.Cell)
                    .ToHashSet(StringComparer.Ordinal);
                return d.WithEvidence(decisions) with
                {
                    State = DeploymentState.Running,
                    Reason = reason,
                    Waves = [.. d.Waves.Select(w => w.Index == wave.Index
                        ? w with { State = DeploymentWaveState.Failed, EndedAt = now }
                        : w.State.IsFinal() ? w : w with { State = DeploymentWaveState.Skipped, Waiting = null })],
                    Cells = [.. d.Cells.Select(c =>
                        rollBack.Contains(c.Cell) ? c with { State = DeploymentCellState.RollingBack, StagedEndpoint = null, PreviousEndpoint = endpoints.GetValueOrDefault(c.Cell) }
                        : c.State == DeploymentCellState.Pending ? c with { State = DeploymentCellState.Skipped }
                        : c)],
                };
            },
            new DeploymentAudit(Actor.DeploymentRunner, "deployment.wave.fail", AuditDetail.Of(("wave", wave.Index), ("reason", reason))),
            cancellationToken);
        await ReachAsync(failed, DeploymentCheckpoints.RollbackStarted, cancellationToken);
    }

    /// <summary>Puts every cell marked RollingBack back on the release it ran before, then ends the deployment.</summary>
    private async Task RollBackAsync(DeploymentRecord record, CancellationToken cancellationToken)
    {
        await using var span = ControlPlaneTracing.DeploymentStep("rollback", record.Deployment, null, store);
        var deployment = record.Deployment;
        var rolling = deployment.Cells.Where(c => c.State == DeploymentCellState.RollingBack && c.Previous is not null).ToList();
        await Parallel.ForEachAsync(
            rolling,
            new ParallelOptions { MaxDegreeOfParallelism = deployment.MaxParallel, CancellationToken = cancellationToken },
            async (cell, ct) => await deployer.RunAsync(deployment.Id, cell.Cell, cell.Previous!, rollback: true, ct));

        var current = (await store.GetDeploymentAsync(deployment.Id, cancellationToken))!.Deployment;
        var stuck = current.Cells.Where(c => rolling.Any(r => r.Cell == c.Cell) && c.State != DeploymentCellState.RolledBack).ToList();
        if (stuck.Count > 0)
        {
            var names = string.Join(", ", stuck.Select(c => $"'{c.Cell}' ({c.Error})"));
            await EndAsync(current, DeploymentState.Failed, $"{current.Reason} Rolling back failed for {names}; they may still run version {current.Version}.", DeploymentEvents.Failed, cancellationToken);
            return;
        }

        var back = rolling.Count == 0 ? "No cell had taken it." : $"Rolled back: {string.Join(", ", rolling.Select(c => $"'{c.Cell}' to {c.Previous!.Version}"))}.";
        await EndAsync(current, DeploymentState.RolledBack, $"{current.Reason} {back}", DeploymentEvents.RolledBack, cancellationToken);
    }

    /// <summary>Ends the deployment in <paramref name="state"/>: later waves and untouched cells skipped, the report built, people told.</summary>
    private async Task EndAsync(Deployment deployment, DeploymentState state, string reason, string notification, CancellationToken cancellationToken)
    {
        await using var span = ControlPlaneTracing.DeploymentStep("end", deployment, null, store);
        var now = time.GetUtcNow();
        var report = await BuildReportAsync(deployment, now, cancellationToken);
        var ended = await UpdateAsync(
            deployment.Id,
            d => d with
            {
                State = state,
                Reason = reason,
                EndedAt = now,
                Report = report,
                PauseRequested = false,
                Waves = [.. d.Waves.Select(w => w.State.IsFinal() ? w : w with { State = Touched(d, w) ? DeploymentWaveState.Aborted : DeploymentWaveState.Skipped, Waiting = null })],
                Cells = [.. d.Cells.Select(c => c.State == DeploymentCellState.Pending ? c with { State = DeploymentCellState.Skipped } : c)],
            },
            new DeploymentAudit(Actor.DeploymentRunner, $"deployment.{StateAction(state)}", AuditDetail.Of(("version", deployment.Version), ("reason", reason))),
            cancellationToken);
        _missedReads.TryRemove(deployment.Id, out _);
        Log.Ended(logger, deployment.Id, deployment.Version, state, reason);
        notifier.Notify(notification, ended);
    }

    /// <summary>True when some cell of the wave got further than Pending: such a wave did not simply never happen.</summary>
    private static bool Touched(Deployment deployment, DeploymentWave wave) =>
        wave.Cells.Any(c => deployment.CellOf(c).State is not (DeploymentCellState.Pending or DeploymentCellState.Skipped));

    /// <summary>
    /// Makes a step that keeps failing visible: the deployment pauses with the error as its reason,
    /// so people see why it does not move instead of a log full of retries.
    /// </summary>
    public async Task PauseForFailuresAsync(string id, int failures, string error, CancellationToken cancellationToken)
    {
        var record = await store.GetDeploymentAsync(id, cancellationToken);
        if (record is null || !record.IsActive || record.Deployment.PauseRequested)
        {
            return;
        }

        await PauseForPersonAsync(record.Deployment, $"A step failed {failures} times in a row and is still retried: {error}", [], cancellationToken);
    }

    private static string StateAction(DeploymentState state) => state switch
    {
        DeploymentState.RolledBack => "rolled-back",
        DeploymentState.Succeeded => "succeeded",
        DeploymentState.Aborted => "aborted",
        _ => "failed",
    };

    /// <summary>The release's cells against the others over the deployment's run, and the decision that stopped it.</summary>
    private async Task<DeploymentReport> BuildReportAsync(Deployment deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var from = deployment.Waves.Select(w => w.StartedAt).Where(s => s is not null).Min() ?? deployment.CreatedAt;
        var decisive = deployment.Evidence.LastOrDefault(d => d.Verdict == GateVerdict.Fail);
        var stats = await TryReadStatsAsync(from, now, cancellationToken);
        var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).Where(c => c.Cell.State != CellState.Retired && c.Cell.State != CellState.Provisioning).ToList();
        var groups = new List<DeploymentGroupStats>();
        if (stats is not null)
        {
            var touched = deployment.Cells.Where(c => c.State is not (DeploymentCellState.Pending or DeploymentCellState.Skipped)).Select(c => c.Cell).ToHashSet(StringComparer.Ordinal);
            var release = cells.Where(c => c.Cell.Version == deployment.Version).Select(c => c.Cell).ToList();
            var others = cells.Where(c => c.Cell.Version != deployment.Version).Select(c => c.Cell).ToList();
            groups.Add(Group("release", deployment.Version, release.Count > 0 ? release : cells.Where(c => touched.Contains(c.Cell.Id)).Select(c => c.Cell).ToList(), stats));
            groups.Add(Group("previous", string.Join(",", others.Select(c => c.Version).Distinct().Order(StringComparer.Ordinal)), others, stats));
        }

        return new DeploymentReport(from, now, groups, decisive);
    }

    private static DeploymentGroupStats Group(string name, string version, IReadOnlyList<Cell> cells, Experiments.StatsWindow stats)
    {
        var totals = GroupTotals.Of(cells.Select(c => stats.For(c.Id)));
        return new DeploymentGroupStats(name, version, [.. cells.Select(c => c.Id).Order(StringComparer.Ordinal)], totals.Requests, totals.ErrorRate, totals.P99Ms);
    }
}
