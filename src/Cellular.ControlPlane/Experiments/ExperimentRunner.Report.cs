using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Building the blast-radius report once the after-window has passed.</summary>
internal sealed partial class ExperimentRunner
{
    /// <summary>How long after the report is due router statistics are retried before the report is built with what could be read.</summary>
    internal static readonly TimeSpan ReportGrace = TimeSpan.FromMinutes(1);

    private async Task ReportIfDueAsync(ExperimentRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var experiment = record.Experiment;
        if (experiment.Report is not null || experiment.ReportDueAt is not { } due || now < due || experiment.StartedAt is not { } startedAt || experiment.EndedAt is not { } endedAt)
        {
            return;
        }

        var giveUp = now >= due + ReportGrace;
        var gaps = new List<string>();
        var during = record.During;
        if (during is null)
        {
            during = await TryReadAsync(experiment.Id, "fault phase", startedAt, endedAt, giveUp, gaps, cancellationToken);
            if (during is null && !giveUp)
            {
                return;
            }
        }

        IReadOnlyDictionary<string, ExperimentWindowStats>? after = new Dictionary<string, ExperimentWindowStats>();
        if (experiment.AfterSeconds > 0)
        {
            after = await TryReadAsync(experiment.Id, "after-window", endedAt, endedAt.AddSeconds(experiment.AfterSeconds), giveUp, gaps, cancellationToken);
            if (after is null && !giveUp)
            {
                return;
            }
        }

        if (record.Before is null)
        {
            gaps.Add("The before-window was not recorded.");
        }

        var tableCells = (await database.ReadAsync(cellStore.ListAsync, cancellationToken)).Where(c => c.Cell.State != CellState.Retired).Select(c => c.Cell.Id).ToList();
        var counts = await database.ReadAsync(versionStore.GetCountsAsync, cancellationToken);
        var targetTenants = await store.ListTenantIdsInCellsAsync(experiment.Targets.ToList(), WindowStatsMerge.MaxTenants, cancellationToken);
        var affected = AffectedTenants.Of(during);
        var affectedCells = await store.GetTenantCellsAsync(affected.Ids.ToList(), cancellationToken);
        var report = BlastRadiusReportBuilder.Build(new BlastRadiusInput(
            experiment, record.Before, during, after, tableCells, counts.Tenants, targetTenants, affectedCells, gaps, time.GetUtcNow()));

        var detail = AuditDetail.Of(("verdict", report.Verdict), ("affectedTenants", report.AffectedTenantsCount));
        await store.UpdateExperimentAsync(
            experiment.Id,
            null,
            r => r with { Experiment = r.Experiment with { Report = report }, During = during ?? r.During },
            new ExperimentAudit(Actor.ExperimentRunner, "experiment.report", detail),
            cancellationToken);
        Log.ReportReady(logger, experiment.Id, report.Verdict, report.AffectedTenantsCount, string.Join(" | ", report.Evidence));
    }

    /// <summary>The window's statistics; null when they cannot be read (noted in <paramref name="gaps"/> once giving up).</summary>
    private async Task<IReadOnlyDictionary<string, ExperimentWindowStats>?> TryReadAsync(
        string id,
        string window,
        DateTimeOffset from,
        DateTimeOffset to,
        bool giveUp,
        List<string> gaps,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await stats.ReadAsync(from, to, cancellationToken)).Cells;
        }
        catch (RouterStatsException e)
        {
            Log.StatsUnavailable(logger, id, 1, e.Message);
            if (giveUp)
            {
                gaps.Add($"The {window} could not be read: {e.Message}");
            }

            return null;
        }
    }
}
