using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// Turns an ended experiment's three windows into its <see cref="BlastRadiusReport"/>: per-cell
/// before/during/after, the tenants that saw errors, and the verdict — <c>contained</c> when every
/// cell outside the targets stayed within the stop conditions during the fault, relative to its
/// own before-window; <c>leaked</c> otherwise; <c>unknown</c> when the fault phase could not be read.
/// </summary>
internal static class BlastRadiusReportBuilder
{
    public const string Contained = "contained";
    public const string Leaked = "leaked";
    public const string Unknown = "unknown";
    public const string TooFewRequests = "too-few-requests";

    public static BlastRadiusReport Build(BlastRadiusInput input)
    {
        var experiment = input.Experiment;
        var targets = experiment.Targets.ToHashSet(StringComparer.Ordinal);
        var cells = input.TableCells
            .Concat(experiment.Targets)
            .Concat(Keys(input.Before))
            .Concat(Keys(input.During))
            .Concat(Keys(input.After))
            .Where(c => c != WindowStatsMerge.NoCell)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        var evidence = new List<string>();
        var perCell = new List<CellBlastRadius>(cells.Count);
        foreach (var cell in cells)
        {
            var before = Get(input.Before, cell);
            var during = Get(input.During, cell);
            var target = targets.Contains(cell);
            var result = target || input.During is null ? null : ContainmentCheck.Compare(before, during, experiment.StopConditions);
            var verdict = result switch
            {
                null => null,
                { Judged: false } => TooFewRequests,
                { Degraded: true } => Leaked,
                _ => Contained,
            };
            perCell.Add(new CellBlastRadius(cell, target, verdict, before, during, Get(input.After, cell)));
            evidence.Add(EvidenceText.CellLine(cell, target, before, during, result));
        }

        evidence.AddRange(input.Gaps);
        var affected = AffectedTenants.Of(input.During);
        var outside = affected.Ids
            .Where(t => !input.AffectedTenantCells.TryGetValue(t, out var cell) || !targets.Contains(cell))
            .ToList();
        var started = experiment.StartedAt!.Value;
        var ended = experiment.EndedAt!.Value;
        return new BlastRadiusReport(
            input.During is null ? Unknown : perCell.Any(c => c.Verdict == Leaked) ? Leaked : Contained,
            evidence,
            new ExperimentWindows(
                new ExperimentWindow(started.AddSeconds(-experiment.BaselineSeconds), started),
                new ExperimentWindow(started, ended),
                new ExperimentWindow(ended, ended.AddSeconds(experiment.AfterSeconds))),
            perCell,
            affected.Ids,
            affected.Count,
            input.TotalTenants,
            input.TotalTenants == 0 ? 0 : Math.Min(1, (double)affected.Count / input.TotalTenants),
            input.TargetTenants.Items,
            input.TargetTenants.Total,
            outside,
            outside.Count == 0,
            affected.Complete && outside.Count == 0 && affected.Count == input.TargetTenants.Total,
            input.Now);
    }

    private static IEnumerable<string> Keys(IReadOnlyDictionary<string, ExperimentWindowStats>? stats) => stats?.Keys ?? [];

    private static ExperimentWindowStats Get(IReadOnlyDictionary<string, ExperimentWindowStats>? stats, string cell) =>
        stats?.GetValueOrDefault(cell) ?? ExperimentWindowStats.Empty;
}
