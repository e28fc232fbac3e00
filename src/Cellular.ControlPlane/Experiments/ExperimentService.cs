using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// The experiments API's logic: admits an experiment only onto Active cells nothing else is
/// disrupting, and only while the kill switch is released; stops experiments on request.
/// </summary>
internal sealed partial class ExperimentService(
    IStoreDatabase database,
    CellStore cellStore,
    ICellularStore store,
    ExperimentRunner runner,
    IEnumerable<ICellActivityGuard> guards,
    IOptions<ControlPlaneOptions> options,
    TimeProvider time,
    ILogger<ExperimentService> logger)
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;

    /// <summary>Held from the admission checks until the experiment is stored, so two experiments cannot both claim a cell.</summary>
    private readonly SemaphoreSlim _admission = new(1, 1);

    /// <summary>Validates, admits and starts an experiment; returns it Running, or Failed when it could not start.</summary>
    public async Task<Experiment> CreateAsync(CreateExperimentRequest request, string actor, CancellationToken cancellationToken)
    {
        var pending = ExperimentRequestValidator.Validate(request, actor, time.GetUtcNow());
        if (options.Value.Routers.Count == 0)
        {
            throw new ControlPlaneException(
                ProblemKind.Misconfigured,
                "No router to watch",
                $"Experiments watch the routers' statistics to stop before harm spreads, and no router is configured; set {ControlPlaneOptions.SectionName}:Routers:0 to a router's base URL (cellctl up does).");
        }

        ExperimentRecord created;
        await _admission.WaitAsync(cancellationToken);
        try
        {
            await RefuseWhileKillSwitchEngagedAsync(cancellationToken);
            var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).ToDictionary(c => c.Cell.Id, StringComparer.Ordinal);
            foreach (var target in pending.Targets)
            {
                var cell = cells.GetValueOrDefault(target) ?? throw ControlPlaneException.CellNotFound(target);
                if (cell.Cell.State != CellState.Active)
                {
                    throw ControlPlaneException.Conflict("Cell not Active", $"Cell '{target}' is {cell.Cell.State}; experiments run only on Active cells.");
                }

                foreach (var guard in guards)
                {
                    if (await guard.FindConflictAsync(target, cancellationToken) is { } conflict)
                    {
                        throw ControlPlaneException.Conflict("Cell busy", conflict);
                    }
                }
            }

            created = await store.CreateExperimentAsync(pending, actor, cancellationToken);
        }
        finally
        {
            _admission.Release();
        }

        Log.Created(logger, created.Id, string.Join(",", pending.Targets), actor);

        // Accepted: it starts (or fails and cleans up) even if the caller goes away.
        return (await runner.BeginAsync(created, actor, CancellationToken.None)).Experiment;
    }

    /// <summary>The newest experiments first; with <paramref name="cell"/>, only those targeting it.</summary>
    public async Task<List<Experiment>> ListAsync(int limit, string? cell, CancellationToken cancellationToken) =>
        (await store.ListExperimentsAsync(limit, cell, cancellationToken)).Select(e => e.Experiment).ToList();

    public async Task<Experiment> GetAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetExperimentAsync(id, cancellationToken) ?? throw ControlPlaneException.ExperimentNotFound(id)).Experiment;

    /// <summary>An operator stop: clears the faults now; the report still follows after the after-window.</summary>
    public async Task<Experiment> StopAsync(string id, string actor, CancellationToken cancellationToken)
    {
        var current = await store.GetExperimentAsync(id, cancellationToken) ?? throw ControlPlaneException.ExperimentNotFound(id);
        var stopped = await runner.EndAsync(id, ExperimentState.Stopped, $"Stopped by {actor}.", actor, cancellationToken);
        if (stopped is null)
        {
            var ended = await store.GetExperimentAsync(id, cancellationToken) ?? current;
            throw ControlPlaneException.Conflict("Experiment already ended", $"Experiment {id} already ended ({ended.State}): {ended.Experiment.Reason}");
        }

        return stopped.Experiment;
    }

    public Task<ExperimentKillSwitch> GetKillSwitchAsync(CancellationToken cancellationToken) => store.GetKillSwitchAsync(cancellationToken);

    /// <summary>Engages the kill switch, then stops every experiment that is Pending or Running and clears its faults.</summary>
    public async Task<ExperimentKillSwitch> EngageKillSwitchAsync(string actor, CancellationToken cancellationToken)
    {
        var engaged = await store.SetKillSwitchAsync(true, actor, cancellationToken);
        Log.KillSwitchChanged(logger, true, actor);
        var stopped = new List<string>();
        foreach (var active in (await store.ListUnfinishedExperimentsAsync(cancellationToken)).Where(e => e.IsActive))
        {
            if (await runner.EndAsync(active.Id, ExperimentState.Stopped, $"Kill switch engaged by {actor}.", actor, CancellationToken.None) is not null)
            {
                stopped.Add(active.Id);
            }
        }

        return engaged with { StoppedExperiments = stopped };
    }

    public async Task<ExperimentKillSwitch> ReleaseKillSwitchAsync(string actor, CancellationToken cancellationToken)
    {
        var released = await store.SetKillSwitchAsync(false, actor, cancellationToken);
        Log.KillSwitchChanged(logger, false, actor);
        return released;
    }

    private async Task RefuseWhileKillSwitchEngagedAsync(CancellationToken cancellationToken)
    {
        var killSwitch = await store.GetKillSwitchAsync(cancellationToken);
        if (killSwitch.Engaged)
        {
            throw ControlPlaneException.Conflict(
                "Kill switch engaged",
                $"The experiment kill switch was engaged by {killSwitch.ChangedBy} at {killSwitch.ChangedAt:O}, so no experiment may start; release it with DELETE /api/v1/experiments/kill-switch.");
        }
    }
}
