using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Telemetry;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Ending an experiment, whoever ends it: the runner, an operator, the kill switch, a restart.</summary>
internal sealed partial class ExperimentRunner
{
    /// <summary>
    /// Ends a Pending or Running experiment with <paramref name="state"/>: the state change is
    /// committed first (it decides who ends it when several try at once), then the faults are
    /// cleared and the fault phase's statistics kept for the report. Null when it had already ended.
    /// </summary>
    public async Task<ExperimentRecord?> EndAsync(string id, ExperimentState state, string reason, string actor, CancellationToken cancellationToken)
    {
        await using var span = ControlPlaneTracing.Experiment("end", id, store);
        var endedAt = time.GetUtcNow();
        var action = state switch
        {
            ExperimentState.Completed => "experiment.complete",
            ExperimentState.Stopped => "experiment.stop",
            ExperimentState.Failed => "experiment.fail",
            _ => "experiment.abort",
        };
        var ended = await store.UpdateExperimentAsync(
            id,
            ActiveStates,
            r => r with
            {
                Experiment = r.Experiment with
                {
                    State = state,
                    EndedAt = endedAt,
                    Reason = reason,
                    ReportDueAt = r.Experiment.StartedAt is null || state == ExperimentState.Failed ? null : endedAt.AddSeconds(r.Experiment.AfterSeconds),
                },
            },
            new ExperimentAudit(actor, action, AuditDetail.Of(("state", state.ToString()), ("reason", reason))),
            cancellationToken);
        if (ended is null)
        {
            return null;
        }

        _missedChecks.TryRemove(id, out _);
        Log.Ended(logger, id, state, reason);

        // The state is committed: finish the job even if the caller goes away.
        var experiment = ended.Experiment;
        var cells = (await database.ReadAsync(cellStore.ListAsync, CancellationToken.None)).ToDictionary(c => c.Cell.Id, c => c.Cell, StringComparer.Ordinal);
        var known = experiment.Injections.ToDictionary(i => i.Cell, StringComparer.Ordinal);
        var injections = experiment.Targets.Select(t => known.GetValueOrDefault(t) ?? new ExperimentInjection(t, null, null)).ToList();
        var cleared = await ClearAsync(id, injections, cells, time.GetUtcNow());

        IReadOnlyDictionary<string, ExperimentWindowStats>? during = null;
        if (experiment.StartedAt is { } startedAt)
        {
            try
            {
                during = (await stats.ReadAsync(startedAt, endedAt, CancellationToken.None)).Cells;
            }
            catch (RouterStatsException e)
            {
                // The report reads the window again when it is due.
                Log.StatsUnavailable(logger, id, 1, e.Message);
            }
        }

        return await store.UpdateExperimentAsync(
            id,
            null,
            r => r with { Experiment = r.Experiment with { Injections = cleared }, During = during ?? r.During },
            null,
            CancellationToken.None) ?? ended;
    }

    /// <summary>
    /// Removes the faults of <paramref name="injections"/>: by id where the cell gave one, else every
    /// fault of the cell (the injection may have landed without its answer reaching us).
    /// </summary>
    private async Task<List<ExperimentInjection>> ClearAsync(string id, IReadOnlyList<ExperimentInjection> injections, IReadOnlyDictionary<string, Cell> cells, DateTimeOffset now)
    {
        var cleared = await Task.WhenAll(injections.Select(async injection =>
        {
            if (injection.ClearedAt is not null)
            {
                return injection;
            }

            if (cells.GetValueOrDefault(injection.Cell)?.Endpoint is not { } endpoint)
            {
                return injection;
            }

            try
            {
                await faults.ClearAsync(endpoint, injection.FaultId, CancellationToken.None);
                return injection with { ClearedAt = now };
            }
            catch (CellFaultCallException e)
            {
                // The fault still expires in the cell on its own.
                Log.FaultCallFailed(logger, id, "clearing", injection.Cell, e.Message);
                return injection with { Error = injection.Error is null ? $"not cleared: {e.Message}" : $"{injection.Error}; not cleared: {e.Message}" };
            }
        }));
        return [.. cleared];
    }
}
