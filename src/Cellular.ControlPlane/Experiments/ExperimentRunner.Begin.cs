using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Telemetry;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Starting an experiment: baseline, injection, and the move to Running.</summary>
internal sealed partial class ExperimentRunner
{
    /// <summary>
    /// Reads the before-window, injects the fault into every target and makes the experiment
    /// Running; Failed (with nothing left injected) when the baseline cannot be read or a cell
    /// refuses the fault. Returns the experiment as it is afterwards.
    /// </summary>
    private async Task<ExperimentRecord> BeginWatchedAsync(ExperimentRecord pending, string actor, CancellationToken cancellationToken)
    {
        await using var span = ControlPlaneTracing.Experiment("begin", pending.Id, store);
        var experiment = pending.Experiment;
        var startedAt = time.GetUtcNow();
        StatsWindow baseline;
        try
        {
            baseline = await stats.ReadAsync(startedAt.AddSeconds(-experiment.BaselineSeconds), startedAt, cancellationToken);
        }
        catch (RouterStatsException e)
        {
            return await FailAsync(pending, startedAt, [], $"The baseline could not be read, so no fault was injected: {e.Message}", actor, cancellationToken);
        }

        var cells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).ToDictionary(c => c.Cell.Id, c => c.Cell, StringComparer.Ordinal);
        var injections = await Task.WhenAll(experiment.Targets.Select(t => InjectAsync(experiment, cells.GetValueOrDefault(t), t, cancellationToken)));
        if (injections.FirstOrDefault(i => i.Error is not null) is { } refused)
        {
            var cleared = await ClearAsync(experiment.Id, injections, cells, time.GetUtcNow());
            return await FailAsync(
                pending,
                startedAt,
                cleared,
                $"Cell {refused.Cell} did not take the fault ({refused.Error}); the faults set in other cells were cleared.",
                actor,
                cancellationToken);
        }

        var detail = AuditDetail.Of(("injections", string.Join(", ", injections.Select(i => $"{i.Cell}:{i.FaultId}"))));
        var running = await store.UpdateExperimentAsync(
            experiment.Id,
            [ExperimentState.Pending],
            r => r with
            {
                Experiment = r.Experiment with { State = ExperimentState.Running, StartedAt = startedAt, Injections = injections },
                Before = baseline.Cells,
            },
            new ExperimentAudit(actor, "experiment.start", detail),
            CancellationToken.None);
        if (running is null)
        {
            // Stopped while the faults were being set; whoever stopped it could not know their ids.
            await ClearAsync(experiment.Id, injections, cells, time.GetUtcNow());
            return await store.GetExperimentAsync(experiment.Id, CancellationToken.None) ?? pending;
        }

        Log.Started(logger, experiment.Id, string.Join(",", experiment.Targets), experiment.Fault.Kind, experiment.DurationSeconds);
        return running;
    }

    private async Task<ExperimentInjection> InjectAsync(Experiment experiment, Cell? cell, string target, CancellationToken cancellationToken)
    {
        if (cell?.Endpoint is not { } endpoint)
        {
            return new ExperimentInjection(target, null, null, Error: "the cell has no endpoint");
        }

        var fault = experiment.Fault;
        try
        {
            var set = await faults.SetAsync(
                endpoint,
                new CellFaultRequest(fault.Kind, experiment.DurationSeconds, fault.LatencyMs, fault.Status, fault.Rate, fault.Tenants),
                cancellationToken);
            return new ExperimentInjection(target, set.Id, set.ExpiresAt);
        }
        catch (CellFaultCallException e)
        {
            Log.FaultCallFailed(logger, experiment.Id, "setting", target, e.Message);
            return new ExperimentInjection(target, null, null, Error: e.Message);
        }
    }

    private async Task<ExperimentRecord> FailAsync(
        ExperimentRecord pending,
        DateTimeOffset startedAt,
        IReadOnlyList<ExperimentInjection> injections,
        string reason,
        string actor,
        CancellationToken cancellationToken)
    {
        Log.StartFailed(logger, pending.Id, reason);
        var failed = await store.UpdateExperimentAsync(
            pending.Id,
            [ExperimentState.Pending],
            r => r with
            {
                Experiment = r.Experiment with
                {
                    State = ExperimentState.Failed,
                    StartedAt = startedAt,
                    EndedAt = time.GetUtcNow(),
                    Reason = reason,
                    Injections = injections,
                },
            },
            new ExperimentAudit(actor, "experiment.fail", AuditDetail.Of(("reason", reason))),
            CancellationToken.None);
        return failed ?? await store.GetExperimentAsync(pending.Id, cancellationToken) ?? pending;
    }
}
