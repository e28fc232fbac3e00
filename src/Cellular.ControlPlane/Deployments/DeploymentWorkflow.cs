using System.Collections.Concurrent;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Telemetry;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// One deployment's workflow, one step per call: start the next wave (once the freeze, the
/// windows, approvals and busy cells allow), deploy its cells (at most <c>maxParallel</c> at once),
/// bake it under the gates, roll it back when a gate fails, end the deployment. Every decision is
/// written to the store before it acts, so <see cref="StepAsync"/> continues from the store alone.
/// </summary>
internal sealed partial class DeploymentWorkflow(
    IStoreDatabase database,
    CellStore cellStore,
    DeploymentStore deploymentStore,
    DeploymentTransitions deploymentTransitions,
    CellDeployer deployer,
    RouterStatsClient routers,
    CellProbe probe,
    CellProviders providers,
    DeploymentWindows windows,
    DeploymentNotifier notifier,
    PrometheusGate prometheus,
    IEnumerable<ICellActivityGuard> guards,
    IEnumerable<IDeploymentCheckpoint> checkpoints,
    IOptions<DeploymentOptions> options,
    TimeProvider time,
    ILogger<DeploymentWorkflow> logger)
{
    /// <summary>Health probes failed in a row after which a baking cell fails its gate.</summary>
    private const int MaxFailedProbes = 3;

    /// <summary>Gate checks in a row without router statistics after which the deployment pauses for a person.</summary>
    private const int MaxMissedReads = 10;

    private readonly ConcurrentDictionary<string, int> _failedProbes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _missedReads = new(StringComparer.Ordinal);

    /// <summary>Takes one step of deployment <paramref name="id"/>; true once it has ended (or does not exist).</summary>
    public async Task<bool> StepAsync(string id, CancellationToken cancellationToken)
    {
        var record = await database.ReadAsync(tx => deploymentStore.GetAsync(tx, id), cancellationToken);
        if (record is null || !record.IsActive)
        {
            return true;
        }

        var deployment = record.Deployment;
        if (deployment.Cells.Any(c => c.State == DeploymentCellState.RollingBack) || deployment.Waves.Any(w => w.State == DeploymentWaveState.Failed))
        {
            await RollBackAsync(record, cancellationToken);
            return true;
        }

        var wave = deployment.CurrentWave();
        if (wave is null)
        {
            await EndAsync(deployment, DeploymentState.Succeeded, $"Every planned cell runs version {deployment.Version}.", DeploymentEvents.Succeeded, cancellationToken);
            return true;
        }

        if (deployment.AbortRequested && wave.State != DeploymentWaveState.Deploying)
        {
            await EndAsync(deployment, DeploymentState.Aborted, deployment.Reason ?? "Aborted on request.", DeploymentEvents.Aborted, cancellationToken);
            return true;
        }

        switch (wave.State)
        {
            case DeploymentWaveState.Deploying:
                await DeployWaveAsync(deployment, wave, cancellationToken);
                break;
            case DeploymentWaveState.Baking:
                await BakeAsync(record, wave, cancellationToken);
                await Task.Delay(options.Value.GateInterval, time, cancellationToken);
                break;
            default:
                if (!await StartWaveAsync(deployment, wave, cancellationToken))
                {
                    await Task.Delay(options.Value.GateInterval, time, cancellationToken);
                }

                break;
        }

        return false;
    }

    /// <summary>Starts <paramref name="wave"/> if nothing holds it; false (with the reason recorded) while something does.</summary>
    private async Task<bool> StartWaveAsync(Deployment deployment, DeploymentWave wave, CancellationToken cancellationToken)
    {
        if (deployment.PauseRequested)
        {
            await SetStateAsync(deployment, DeploymentState.Paused, wave, waiting: "Paused; resume to continue.", cancellationToken);
            return false;
        }

        var now = time.GetUtcNow();
        var freeze = await database.ReadAsync(deploymentStore.GetFreezeAsync, cancellationToken);
        if (freeze.Engaged && !deployment.Hotfix)
        {
            var why = freeze.Reason is null ? string.Empty : $" ({freeze.Reason})";
            await SetStateAsync(deployment, DeploymentState.Running, wave, $"Deployments are frozen{why} by {freeze.ChangedBy}; the wave starts when the freeze is released.", cancellationToken);
            return false;
        }

        if (!deployment.Hotfix && !windows.IsOpen(now))
        {
            var next = windows.NextOpening(now) is { } opening ? $"; the next opens {opening:yyyy-MM-dd HH:mm} UTC" : string.Empty;
            await SetStateAsync(deployment, DeploymentState.Running, wave, $"Outside the deployment windows ({windows.Describe()}){next}.", cancellationToken);
            return false;
        }

        var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).ToDictionary(c => c.Cell.Id, c => c.Cell, StringComparer.Ordinal);
        if (wave.Approved is null && NeedsApproval(deployment, wave, cells))
        {
            if (wave.State != DeploymentWaveState.WaitingForApproval)
            {
                var waiting = await UpdateAsync(
                    deployment.Id,
                    d => d.WithWave(wave.Index, w => w with { State = DeploymentWaveState.WaitingForApproval, Waiting = $"Waiting for approval: POST /api/v1/deployments/{d.Id}/approve." })
                        with { State = DeploymentState.WaitingForApproval },
                    new DeploymentAudit(Actor.DeploymentRunner, "deployment.wave.waiting-for-approval", AuditDetail.Of(("wave", wave.Index))),
                    cancellationToken);
                notifier.Notify(DeploymentEvents.WaitingForApproval, waiting);
            }

            return false;
        }

        // A first look, so a wave held by other work does not read the routers' statistics on every pass;
        // the decision is made again in the transaction that starts the wave.
        if (await database.ReadAsync(tx => guards.FindConflictAsync(tx, wave.Cells, DeploymentActivityGuard.Name), cancellationToken) is { } busy)
        {
            await SetStateAsync(deployment, DeploymentState.Running, wave, busy, cancellationToken);
            return false;
        }

        // The gates' baseline: each cell's own traffic over one bake before it changes.
        var length = TimeSpan.FromSeconds(Math.Max(wave.BakeSeconds, 1));
        var baseline = await TryReadStatsAsync(now - length, now, cancellationToken);
        string? conflict = null;
        var started = await deploymentTransitions.UpdateIfAsync(
            deployment.Id,
            null,
            async tx => (conflict = await guards.FindConflictAsync(tx, wave.Cells, DeploymentActivityGuard.Name)) is null,
            r =>
            {
                var baselines = new Dictionary<string, ExperimentWindowStats>(r.Baselines ?? new Dictionary<string, ExperimentWindowStats>(), StringComparer.Ordinal);
                foreach (var cell in wave.Cells)
                {
                    if (baseline is not null)
                    {
                        baselines[cell] = baseline.For(cell);
                    }
                }

                var d = r.Deployment.WithWave(wave.Index, w => w with { State = DeploymentWaveState.Deploying, StartedAt = now, Waiting = null });
                return new DeploymentRecord(d with { State = DeploymentState.Running, UpdatedAt = now }, baselines);
            },
            new DeploymentAudit(Actor.DeploymentRunner, "deployment.wave.start", AuditDetail.Of(("wave", wave.Index), ("cells", string.Join(",", wave.Cells)))),
            cancellationToken);
        if (conflict is not null)
        {
            // Other work took one of the cells since the first look.
            await SetStateAsync(deployment, DeploymentState.Running, wave, conflict, cancellationToken);
            return false;
        }

        if (started is not null)
        {
            Log.WaveStarted(logger, deployment.Id, wave.Index, string.Join(",", wave.Cells), deployment.Version);
            await ReachAsync(started.Deployment, DeploymentCheckpoints.WaveStarted, cancellationToken);
        }

        return true;
    }

    private static bool NeedsApproval(Deployment deployment, DeploymentWave wave, IReadOnlyDictionary<string, Cell> cells) =>
        deployment.Approval switch
        {
            DeploymentApproval.EveryWave => true,
            DeploymentApproval.Production => wave.Cells.Any(c => cells.GetValueOrDefault(c)?.Stage == CellStage.Prod),
            _ => false,
        };

    /// <summary>Deploys the wave's remaining cells, then starts its bake, or fails it when a cell did not take the release.</summary>
    private async Task DeployWaveAsync(Deployment deployment, DeploymentWave wave, CancellationToken cancellationToken)
    {
        await using var span = ControlPlaneTracing.DeploymentStep("wave.deploy", deployment, wave, database, deploymentStore);
        var pending = wave.Cells
            .Where(c => deployment.CellOf(c).State is not (DeploymentCellState.Deployed or DeploymentCellState.Failed or DeploymentCellState.Skipped))
            .ToList();
        await Parallel.ForEachAsync(
            pending,
            new ParallelOptions { MaxDegreeOfParallelism = deployment.MaxParallel, CancellationToken = cancellationToken },
            async (cell, ct) => await deployer.RunAsync(deployment.Id, cell, deployment.Release, rollback: false, ct));

        var current = (await database.ReadAsync(tx => deploymentStore.GetAsync(tx, deployment.Id), cancellationToken))!.Deployment;
        var broken = wave.Cells.Select(current.CellOf).FirstOrDefault(c => c.State == DeploymentCellState.Failed || c.Error is not null);
        if (broken is not null)
        {
            var decision = new GateDecision(
                time.GetUtcNow(), wave.Index, broken.Cell, "health", "health", null, null, null, GateVerdict.Fail, broken.Error ?? "It did not take the release.");
            await FailWaveAsync(current, wave, $"Cell '{broken.Cell}' did not take version {deployment.Version}: {broken.Error}", [decision], cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var baking = await UpdateAsync(
            deployment.Id,
            d => d.WithWave(wave.Index, w => w with { State = DeploymentWaveState.Baking, BakeStartedAt = now, BakeEndsAt = now.AddSeconds(w.BakeSeconds) })
                with { State = d.PauseRequested ? DeploymentState.Paused : DeploymentState.Baking },
            new DeploymentAudit(Actor.DeploymentRunner, "deployment.wave.deployed", AuditDetail.Of(("wave", wave.Index))),
            cancellationToken);
        await ReachAsync(baking, DeploymentCheckpoints.BakeStarted, cancellationToken);
    }

    /// <summary>Judges the baking wave once: a failure rolls it back; at the bake's end a pass ends the wave, too little traffic extends the bake and then pauses for a person.</summary>
    private async Task BakeAsync(DeploymentRecord record, DeploymentWave wave, CancellationToken cancellationToken)
    {
        await using var span = ControlPlaneTracing.DeploymentStep("wave.bake", record.Deployment, wave, database, deploymentStore);
        var deployment = record.Deployment;
        var now = time.GetUtcNow();
        var bakeStart = wave.BakeStartedAt ?? now;
        var stats = await TryReadStatsAsync(bakeStart, now, cancellationToken);
        if (stats is null)
        {
            var missed = _missedReads.AddOrUpdate(deployment.Id, 1, (_, n) => n + 1);
            if (missed >= MaxMissedReads && !deployment.PauseRequested)
            {
                await PauseForPersonAsync(deployment, $"Wave {wave.Index + 1} cannot be judged: the routers' statistics could not be read {missed} times in a row. Resume once the routers answer, or abort.", [], cancellationToken);
            }

            return;
        }

        _missedReads.TryRemove(deployment.Id, out _);
        var cells = await database.ReadAsync(cellStore.ListAsync, cancellationToken);
        var peerIds = cells
            .Where(c => c.Cell.State is CellState.Active or CellState.Draining && c.Cell.Version != deployment.Version && !wave.Cells.Contains(c.Cell.Id))
            .Select(c => c.Cell.Id)
            .ToList();
        var peerStats = peerIds.Count == 0 ? null : DeploymentGate.MergePeers(peerIds.Select(stats.For));

        // Latency from the end of the warm-up on: every workload's first seconds are slow.
        var warmFrom = bakeStart + options.Value.LatencyWarmup;
        var warm = now > warmFrom ? await TryReadStatsAsync(warmFrom, now, cancellationToken) : null;
        var warmPeers = warm is null || peerIds.Count == 0 ? null : DeploymentGate.MergePeers(peerIds.Select(warm.For));
        var decisions = new List<GateDecision>();
        var verdict = GateVerdict.Pass;
        foreach (var cell in wave.Cells)
        {
            var judgement = DeploymentGate.Judge(
                wave.Index, cell, stats.For(cell), peerStats, record.Baselines?.GetValueOrDefault(cell), deployment.Gates, now, ((warm?.For(cell)) ?? ExperimentWindowStats.Empty, warmPeers));
            decisions.AddRange(judgement.Decisions);
            verdict = Worse(verdict, judgement.Verdict);
            var health = await ProbeAsync(deployment.Id, wave.Index, cells.FirstOrDefault(c => c.Cell.Id == cell)?.Cell, now, cancellationToken);
            if (health is not null)
            {
                decisions.Add(health);
                verdict = Worse(verdict, health.Verdict);
            }
        }

        // The deployment's Prometheus analyses, if any: the wave passes only when both gates pass.
        if (await prometheus.JudgeAsync(deployment, wave, bakeStart, now, cancellationToken) is { } analysis)
        {
            decisions.AddRange(analysis.Decisions);
            verdict = Worse(verdict, analysis.Verdict);
        }

        if (verdict == GateVerdict.Fail)
        {
            var failed = decisions.Where(d => d.Verdict == GateVerdict.Fail).ToList();
            var first = failed[0];
            Log.GateFailed(logger, deployment.Id, wave.Index, first.Cell, first.Detail);
            await FailWaveAsync(deployment, wave, $"Wave {wave.Index + 1} failed its gate on cell '{first.Cell}': {first.Detail}", decisions, cancellationToken);
            return;
        }

        if (now < (wave.BakeEndsAt ?? now))
        {
            await ReachAsync(deployment, DeploymentCheckpoints.BakeJudged, cancellationToken);
            return;
        }

        if (verdict == GateVerdict.Pass)
        {
            ForgetProbes(deployment.Id, wave);
            await UpdateAsync(
                deployment.Id,
                d => d.WithWave(wave.Index, w => w with { State = DeploymentWaveState.Succeeded, EndedAt = now }).WithEvidence(decisions)
                    with { State = d.PauseRequested ? DeploymentState.Paused : DeploymentState.Running },
                new DeploymentAudit(Actor.DeploymentRunner, "deployment.wave.pass", AuditDetail.Of(("wave", wave.Index))),
                cancellationToken);
            return;
        }

        // Inconclusive: never a pass. Extend the bake, then ask a person.
        var extended = (wave.BakeEndsAt!.Value - bakeStart).TotalSeconds - wave.BakeSeconds;
        var room = deployment.Gates.MaxBakeExtensionSeconds - extended;
        var decisive = decisions.FirstOrDefault(d => d.Verdict == GateVerdict.Inconclusive);
        if (room >= 1)
        {
            var extension = Math.Min(Math.Max(wave.BakeSeconds, 1), room);
            await UpdateAsync(
                deployment.Id,
                d => d.WithWave(wave.Index, w => w with { BakeEndsAt = w.BakeEndsAt!.Value.AddSeconds(extension) }).WithEvidence(decisions)
                    with { Reason = $"Wave {wave.Index + 1}'s bake was extended by {extension:0} s: {decisive?.Detail}" },
                new DeploymentAudit(Actor.DeploymentRunner, "deployment.bake.extend", AuditDetail.Of(("wave", wave.Index), ("seconds", extension))),
                cancellationToken);
            return;
        }

        if (!deployment.PauseRequested)
        {
            await PauseForPersonAsync(
                deployment,
                $"Wave {wave.Index + 1} is inconclusive after its bake and {deployment.Gates.MaxBakeExtensionSeconds} s of extension: {decisive?.Detail} Resume to accept the wave, or abort.",
                decisions,
                cancellationToken);
        }
    }

    private static GateVerdict Worse(GateVerdict a, GateVerdict b) =>
        a == GateVerdict.Fail || b == GateVerdict.Fail ? GateVerdict.Fail
        : a == GateVerdict.Inconclusive || b == GateVerdict.Inconclusive ? GateVerdict.Inconclusive
        : GateVerdict.Pass;

    /// <summary>A health decision when the cell failed <see cref="MaxFailedProbes"/> probes in a row; null while it answers.</summary>
    private async Task<GateDecision?> ProbeAsync(string deploymentId, int wave, Cell? cell, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (cell?.Endpoint is null || providers.Find(cell.Provider) is null)
        {
            return null;
        }

        var key = $"{deploymentId}/{cell.Id}";
        var result = await probe.CheckHealthAsync(cell.Endpoint, cancellationToken);
        if (result.Healthy)
        {
            _failedProbes.TryRemove(key, out _);
            return null;
        }

        var failures = _failedProbes.AddOrUpdate(key, 1, (_, n) => n + 1);
        return failures < MaxFailedProbes
            ? null
            : new GateDecision(now, wave, cell.Id, "health", "health", failures, 0, MaxFailedProbes - 1, GateVerdict.Fail,
                $"Cell '{cell.Id}' failed {failures} health probes in a row ({result.Detail}).");
    }

    private void ForgetProbes(string deploymentId, DeploymentWave wave)
    {
        foreach (var cell in wave.Cells)
        {
            _failedProbes.TryRemove($"{deploymentId}/{cell}", out _);
        }
    }

    private async Task PauseForPersonAsync(Deployment deployment, string reason, IReadOnlyList<GateDecision> decisions, CancellationToken cancellationToken)
    {
        var paused = await UpdateAsync(
            deployment.Id,
            d => d.WithEvidence(decisions) with { PauseRequested = true, State = DeploymentState.Paused, Reason = reason },
            new DeploymentAudit(Actor.DeploymentRunner, "deployment.pause", AuditDetail.Of(("reason", reason))),
            cancellationToken);
        Log.Waiting(logger, deployment.Id, reason);
        notifier.Notify(DeploymentEvents.Paused, paused);
    }

    private async Task SetStateAsync(Deployment deployment, DeploymentState state, DeploymentWave wave, string waiting, CancellationToken cancellationToken)
    {
        if (deployment.State == state && wave.Waiting == waiting)
        {
            return;
        }

        Log.Waiting(logger, deployment.Id, waiting);
        await UpdateAsync(deployment.Id, d => d.WithWave(wave.Index, w => w with { Waiting = waiting }) with { State = state }, null, cancellationToken);
    }

    private async Task<StatsWindow?> TryReadStatsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        try
        {
            return await routers.ReadAsync(from, to, cancellationToken);
        }
        catch (RouterStatsException e)
        {
            Log.Waiting(logger, "(stats)", e.Message);
            return null;
        }
    }

    private async Task<Deployment> UpdateAsync(string id, Func<Deployment, Deployment> change, DeploymentAudit? audit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var updated = await deploymentTransitions.UpdateAsync(id, null, r => r with { Deployment = change(r.Deployment) with { UpdatedAt = now } }, audit, cancellationToken)
            ?? throw Errors.ControlPlaneException.DeploymentNotFound(id);
        return updated.Deployment;
    }

    private async Task ReachAsync(Deployment deployment, string checkpoint, CancellationToken cancellationToken)
    {
        foreach (var handler in checkpoints)
        {
            await handler.ReachedAsync(deployment, checkpoint, cancellationToken);
        }
    }
}
