using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// The experiments API's logic: admits an experiment only onto Active cells nothing else is
/// disrupting, and only while the kill switch is released; stops experiments on request.
/// </summary>
internal sealed partial class ExperimentService(
    IStoreDatabase database,
    CellStore cellStore,
    ExperimentStore experimentStore,
    AuditStore auditStore,
    ExperimentRunner runner,
    IEnumerable<ICellActivityGuard> guards,
    IOptions<ControlPlaneOptions> options,
    TimeProvider time,
    ILogger<ExperimentService> logger)
{
    public const int DefaultListLimit = 100;
    public const int MaxListLimit = 1000;

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

        // The checks and the insert are one write transaction (serialised with every replica's writers): two requests cannot both find a cell free.
        var created = await InsertAsync(pending, actor, cancellationToken);

        Log.Created(logger, created.Id, string.Join(",", pending.Targets), actor);

        // Accepted: it starts (or fails and cleans up) even if the caller goes away.
        return (await runner.BeginAsync(created, actor, CancellationToken.None)).Experiment;
    }

    /// <summary>The newest experiments first; with <paramref name="cell"/>, only those targeting it.</summary>
    public async Task<List<Experiment>> ListAsync(int limit, string? cell, CancellationToken cancellationToken) =>
        (await database.ReadAsync(tx => experimentStore.ListAsync(tx, limit, cell), cancellationToken)).Select(e => e.Experiment).ToList();

    public async Task<Experiment> GetAsync(string id, CancellationToken cancellationToken) =>
        (await database.ReadAsync(tx => experimentStore.GetAsync(tx, id), cancellationToken) ?? throw ControlPlaneException.ExperimentNotFound(id)).Experiment;

    /// <summary>An operator stop: clears the faults now; the report still follows after the after-window.</summary>
    public async Task<Experiment> StopAsync(string id, string actor, CancellationToken cancellationToken)
    {
        var current = await database.ReadAsync(tx => experimentStore.GetAsync(tx, id), cancellationToken) ?? throw ControlPlaneException.ExperimentNotFound(id);
        var stopped = await runner.EndAsync(id, ExperimentState.Stopped, $"Stopped by {actor}.", actor, cancellationToken);
        if (stopped is null)
        {
            var ended = await database.ReadAsync(tx => experimentStore.GetAsync(tx, id), cancellationToken) ?? current;
            throw ControlPlaneException.Conflict("Experiment already ended", $"Experiment {id} already ended ({ended.State}): {ended.Experiment.Reason}");
        }

        return stopped.Experiment;
    }

    public Task<ExperimentKillSwitch> GetKillSwitchAsync(CancellationToken cancellationToken) => database.ReadAsync(experimentStore.GetKillSwitchAsync, cancellationToken);

    /// <summary>Engages the kill switch, then stops every experiment that is Pending or Running and clears its faults.</summary>
    public async Task<ExperimentKillSwitch> EngageKillSwitchAsync(string actor, CancellationToken cancellationToken)
    {
        var engaged = await CommitKillSwitchAsync(true, actor, cancellationToken);
        Log.KillSwitchChanged(logger, true, actor);
        var stopped = new List<string>();
        foreach (var active in (await database.ReadAsync(experimentStore.ListUnfinishedAsync, cancellationToken)).Where(e => e.IsActive))
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
        var released = await CommitKillSwitchAsync(false, actor, cancellationToken);
        Log.KillSwitchChanged(logger, false, actor);
        return released;
    }
}
