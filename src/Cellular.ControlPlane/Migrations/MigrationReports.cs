using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>Moves a migration to its next step, closing the current phase of its report and opening the next.</summary>
internal static class MigrationReports
{
    /// <summary>
    /// <paramref name="migration"/> in <paramref name="next"/>: the open phase ends at
    /// <paramref name="now"/> after <paramref name="elapsed"/> of work; a non-terminal step opens a
    /// phase (re-entering the same step, as a resumed migration does, keeps the open one).
    /// </summary>
    public static Migration Enter(Migration migration, MigrationState next, DateTimeOffset now, TimeSpan elapsed)
    {
        var phases = migration.Report.Phases.ToList();
        var open = phases.Count > 0 && phases[^1].EndedAt is null ? phases[^1] : null;
        if (open is not null && open.Phase == next)
        {
            return migration with { State = next };
        }

        if (open is not null)
        {
            phases[^1] = open with { EndedAt = now, DurationMs = (long)elapsed.TotalMilliseconds };
        }

        if (!next.IsTerminal())
        {
            phases.Add(new MigrationPhase(next, now));
        }

        return migration with { State = next, Report = migration.Report with { Phases = phases } };
    }

    /// <summary>When <paramref name="phase"/> was last entered, from the stored report.</summary>
    public static DateTimeOffset? EnteredAt(Migration migration, MigrationState phase) =>
        migration.Report.Phases.LastOrDefault(p => p.Phase == phase)?.StartedAt;
}
