using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Watching a running experiment: its duration, and the built-in stop condition.</summary>
internal sealed partial class ExperimentRunner
{
    /// <summary>
    /// Completes the experiment when its duration is over; otherwise reads the last
    /// <see cref="Configuration.ExperimentOptions.EvaluationWindow"/> of router statistics and
    /// aborts it when any cell outside the targets degrades beyond the stop conditions.
    /// </summary>
    private async Task CheckAsync(ExperimentRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var experiment = record.Experiment;
        var startedAt = experiment.StartedAt!.Value;
        if (now >= startedAt.AddSeconds(experiment.DurationSeconds))
        {
            await EndAsync(experiment.Id, ExperimentState.Completed, $"The fault ran for its full duration of {experiment.DurationSeconds} s.", Actor.ExperimentRunner, cancellationToken);
            return;
        }

        var from = Max(startedAt, now - options.Value.EvaluationWindow);
        StatsWindow window;
        try
        {
            window = await stats.ReadAsync(from, now, cancellationToken);
            _missedChecks.TryRemove(experiment.Id, out _);
        }
        catch (RouterStatsException e)
        {
            var missed = _missedChecks.AddOrUpdate(experiment.Id, 1, static (_, n) => n + 1);
            Log.StatsUnavailable(logger, experiment.Id, missed, e.Message);
            if (missed >= options.Value.MaxMissedChecks)
            {
                await EndAsync(
                    experiment.Id,
                    ExperimentState.Aborted,
                    $"Router statistics could not be read for {missed} checks in a row, so the experiment could not be watched; last error: {e.Message}",
                    Actor.ExperimentRunner,
                    cancellationToken);
            }

            return;
        }

        var targets = experiment.Targets.ToHashSet(StringComparer.Ordinal);
        foreach (var (cell, current) in window.Cells.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (targets.Contains(cell) || cell == WindowStatsMerge.NoCell)
            {
                continue;
            }

            var baseline = record.Before?.GetValueOrDefault(cell) ?? ExperimentWindowStats.Empty;
            var result = ContainmentCheck.Compare(baseline, current, experiment.StopConditions);
            if (result.Degraded)
            {
                var reason = EvidenceText.StopReason(cell, now - from, baseline, current, result);
                Log.StopConditionFired(logger, experiment.Id, cell, reason);
                await EndAsync(experiment.Id, ExperimentState.Aborted, reason, Actor.ExperimentRunner, cancellationToken);
                return;
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
