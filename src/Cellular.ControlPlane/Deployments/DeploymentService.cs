using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// The deployment API's logic: checks a release and records its wave plan (from the registry and
/// the routers' traffic, or explicit), and takes people's controls — pause, resume, abort, approve,
/// the freeze. The <see cref="DeploymentRunner"/> does the work.
/// </summary>
internal sealed partial class DeploymentService(
    IStoreDatabase database,
    CellStore cellStore,
    DeploymentStore deploymentStore,
    DeploymentTransitions deploymentTransitions,
    CellProviders providers,
    RouterStatsClient routers,
    DeploymentRunner runner,
    PrometheusAnalyses analyses,
    IOptions<DeploymentOptions> options,
    TimeProvider time,
    ILogger<DeploymentService> logger)
{
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 500;
    private const int MaxBakeSeconds = 86_400;
    private const int MaxWaves = 1000;

    public async Task<Deployment> CreateAsync(CreateDeploymentRequest request, string actor, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var release = CellReleaseValidator.Release(request.Version, request.Artifact, request.Config);
        var bake = Range(request.BakeSeconds, settings.BakeSeconds, 0, MaxBakeSeconds, "bakeSeconds");
        var firstProductionBake = Range(request.FirstProductionBakeSeconds, settings.FirstProductionBakeSeconds ?? bake * 2, 0, MaxBakeSeconds, "firstProductionBakeSeconds");
        var maxParallel = Range(request.MaxParallel, settings.MaxParallel, 1, 100, "maxParallel");
        var growth = Range(request.WaveGrowth, settings.WaveGrowth, 1, 10, "waveGrowth");
        var approval = Approval(request.Approval) ?? settings.Approval;
        var gates = Gates(request.Gates, settings, bake);
        var analysis = analyses.Validate(request.Analysis);
        if (request.Waves is not null && request.Cells is not null)
        {
            throw ControlPlaneException.BadRequest("Give either 'waves' (an explicit plan) or 'cells' (the default plan over those cells), not both.");
        }

        var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).ToDictionary(c => c.Cell.Id, c => c.Cell, StringComparer.Ordinal);
        var plan = request.Waves is not null
            ? ExplicitPlan(request.Waves, cells)
            : await DefaultPlanAsync(request.Cells, cells, growth, cancellationToken);
        CheckArtifact(release, plan.SelectMany(w => w).Select(c => cells[c]));
        var now = time.GetUtcNow();
        var firstProduction = plan.FindIndex(w => w.Any(c => cells[c].Stage == CellStage.Prod));
        var waves = plan.Select((w, i) => new DeploymentWave(i, w, DeploymentWaveState.Pending, i == firstProduction ? firstProductionBake : bake)).ToList();
        var deploymentCells = plan.SelectMany((w, i) => w.Select(c => new DeploymentCell(c, i, DeploymentCellState.Pending))).ToList();
        var deployment = new Deployment(
            string.Empty,
            Name(request.Name),
            DeploymentState.Pending,
            release.Version,
            release,
            waves,
            deploymentCells,
            maxParallel,
            approval,
            request.RollbackAll ?? false,
            gates,
            actor,
            now,
            now,
            null,
            null,
            [],
            null,
            Hotfix: request.Hotfix ?? false,
            Analysis: analysis.Count == 0 ? null : analysis);

        // One deployment per cell at a time: checked in the transaction that stores it, so two replicas cannot both plan a cell.
        var created = await deploymentTransitions.CreateAsync(new DeploymentRecord(deployment), actor, cancellationToken);
        Log.Created(logger, created.Id, release.Version, string.Join(" | ", plan.Select(w => string.Join(",", w))), actor);
        runner.Wake();
        return created.Deployment;
    }

    public async Task<Deployment> GetAsync(string id, CancellationToken cancellationToken) =>
        (await FindAsync(id, cancellationToken)).Deployment;

    /// <summary>The newest deployments first; with <paramref name="cell"/>, only those whose plan touches it.</summary>
    public async Task<List<Deployment>> ListAsync(int limit, string? cell, CancellationToken cancellationToken) =>
        [.. (await database.ReadAsync(tx => deploymentStore.ListAsync(tx, limit, cell), cancellationToken)).Select(r => r.Deployment)];

    /// <summary>Stops the deployment from starting another wave (a baking wave is still judged, and rolled back if it fails).</summary>
    public Task<Deployment> PauseAsync(string id, string? reason, string actor, CancellationToken cancellationToken) =>
        ControlAsync(
            id,
            "pause",
            actor,
            reason,
            d => d.PauseRequested
                ? d
                : d with { PauseRequested = true, State = d.State is DeploymentState.Baking or DeploymentState.Running or DeploymentState.Pending or DeploymentState.WaitingForApproval ? DeploymentState.Paused : d.State, Reason = reason ?? $"Paused by {actor}." },
            cancellationToken);

    /// <summary>
    /// Lets a paused deployment go on. When it paused itself because a bake stayed inconclusive, the
    /// person resuming accepts that wave, and the acceptance is kept as evidence.
    /// </summary>
    public Task<Deployment> ResumeAsync(string id, string? reason, string actor, CancellationToken cancellationToken) =>
        ControlAsync(
            id,
            "resume",
            actor,
            reason,
            d =>
            {
                if (!d.PauseRequested)
                {
                    throw ControlPlaneException.Conflict("Not paused", $"Deployment {d.Id} is {d.State}, not paused.");
                }

                var now = time.GetUtcNow();
                var wave = d.CurrentWave();
                var resumed = d with { PauseRequested = false, State = wave?.State == DeploymentWaveState.Baking ? DeploymentState.Baking : DeploymentState.Running, Reason = reason is null ? $"Resumed by {actor}." : $"Resumed by {actor}: {reason}" };
                if (wave is { State: DeploymentWaveState.Baking, BakeEndsAt: { } ends } && ends <= now)
                {
                    var accepted = new GateDecision(now, wave.Index, string.Join(",", wave.Cells), "person", "approval", null, null, null, GateVerdict.Pass,
                        $"{actor} accepted wave {wave.Index + 1} after its bake stayed inconclusive{(reason is null ? "." : $": {reason}")}");
                    resumed = resumed.WithWave(wave.Index, w => w with { State = DeploymentWaveState.Succeeded, EndedAt = now }).WithEvidence([accepted]) with { State = DeploymentState.Running };
                }

                return resumed;
            },
            cancellationToken);

    /// <summary>Ends the deployment at its next step; cells already on the release keep it.</summary>
    public Task<Deployment> AbortAsync(string id, string? reason, string actor, CancellationToken cancellationToken) =>
        ControlAsync(
            id,
            "abort",
            actor,
            reason,
            d => d with { AbortRequested = true, Reason = reason is null ? $"Aborted by {actor}." : $"Aborted by {actor}: {reason}" },
            cancellationToken);

    /// <summary>Approves the wave waiting for approval.</summary>
    public Task<Deployment> ApproveAsync(string id, string? reason, string actor, CancellationToken cancellationToken) =>
        ControlAsync(
            id,
            "approve",
            actor,
            reason,
            d =>
            {
                var wave = d.CurrentWave();
                if (wave is null || wave.State != DeploymentWaveState.WaitingForApproval)
                {
                    throw ControlPlaneException.Conflict("Nothing to approve", $"Deployment {d.Id} is {d.State}; no wave waits for approval.");
                }

                return d.WithWave(wave.Index, w => w with { State = DeploymentWaveState.Pending, Approved = actor, Waiting = null })
                    with { State = d.PauseRequested ? DeploymentState.Paused : DeploymentState.Running };
            },
            cancellationToken);

    public Task<DeploymentFreeze> GetFreezeAsync(CancellationToken cancellationToken) => database.ReadAsync(deploymentStore.GetFreezeAsync, cancellationToken);

    public async Task<DeploymentFreeze> FreezeAsync(string? reason, string actor, CancellationToken cancellationToken)
    {
        CheckReason(reason, "The freeze's 'reason'");
        var freeze = await deploymentTransitions.SetFreezeAsync(true, reason, actor, cancellationToken);
        runner.Wake();
        return freeze;
    }

    public async Task<DeploymentFreeze> UnfreezeAsync(string actor, CancellationToken cancellationToken)
    {
        var freeze = await deploymentTransitions.SetFreezeAsync(false, null, actor, cancellationToken);
        runner.Wake();
        return freeze;
    }

    /// <summary>Which live cells run which version, with each version's router statistics over the last <paramref name="windowSeconds"/>.</summary>
    public async Task<VersionLedger> LedgerAsync(int windowSeconds, CancellationToken cancellationToken)
    {
        var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).Where(c => c.Cell.State is not (CellState.Retired or CellState.Provisioning)).Select(c => c.Cell).ToList();
        var now = time.GetUtcNow();
        StatsWindow? stats = null;
        string? error = null;
        try
        {
            stats = await routers.ReadAsync(now.AddSeconds(-windowSeconds), now, cancellationToken);
        }
        catch (RouterStatsException e)
        {
            error = e.Message;
        }

        var versions = cells
            .GroupBy(c => c.Version, StringComparer.Ordinal)
            .Select(g =>
            {
                var totals = GroupTotals.Of(g.Select(c => stats?.For(c.Id) ?? ExperimentWindowStats.Empty));
                return new VersionLedgerEntry(g.Key, [.. g.Select(c => c.Id).Order(StringComparer.Ordinal)], totals.Requests, totals.ErrorRate, totals.P99Ms);
            })
            .OrderByDescending(v => v.Cells.Count)
            .ThenBy(v => v.Version, StringComparer.Ordinal)
            .ToList();
        return new VersionLedger(versions, versions.Count > 1, windowSeconds, error);
    }

    private async Task<Deployment> ControlAsync(string id, string action, string actor, string? reason, Func<Deployment, Deployment> change, CancellationToken cancellationToken)
    {
        CheckReason(reason, "The 'reason'");
        var current = await FindAsync(id, cancellationToken);
        if (!current.IsActive)
        {
            throw ControlPlaneException.Conflict("Deployment ended", $"Deployment {id} has ended ({current.State}); it cannot {action}.");
        }

        var detail = reason is null ? null : AuditDetail.Of(("reason", reason));
        var updated = await deploymentTransitions.UpdateAsync(
            id,
            [.. Enum.GetValues<DeploymentState>().Where(s => !s.IsFinal())],
            r => r with { Deployment = change(r.Deployment) with { UpdatedAt = time.GetUtcNow() } },
            new DeploymentAudit(actor, $"deployment.{action}", detail),
            cancellationToken)
            ?? throw ControlPlaneException.Conflict("Deployment ended", $"Deployment {id} ended meanwhile; it cannot {action}.");
        Log.Control(logger, id, action, actor);
        runner.Wake();
        return updated.Deployment;
    }

    /// <summary>A reason people give goes into the audit and the deployment: bounded, one line.</summary>
    private static void CheckReason(string? reason, string what)
    {
        if (reason is { Length: > 512 } || (reason is not null && reason.Any(char.IsControl)))
        {
            throw ControlPlaneException.BadRequest($"{what} must be at most 512 characters without control characters.");
        }
    }

    private async Task<DeploymentRecord> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 64)
        {
            throw ControlPlaneException.DeploymentNotFound(id.Length > 64 ? id[..64] : id);
        }

        return await database.ReadAsync(tx => deploymentStore.GetAsync(tx, id), cancellationToken) ?? throw ControlPlaneException.DeploymentNotFound(id);
    }
}
