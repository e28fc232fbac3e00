using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>API objects with sensible defaults, for canned responses.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Created = new(2025, 6, 1, 11, 0, 0, TimeSpan.Zero);

    /// <summary>The harness clock's start.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<MigrationState, long> PhaseMs = new()
    {
        [MigrationState.Planned] = 5,
        [MigrationState.Copying] = 120,
        [MigrationState.CatchingUp] = 40,
        [MigrationState.Verifying] = 15,
        [MigrationState.Cutover] = 30,
        [MigrationState.Switched] = 12,
        [MigrationState.Soak] = 30_000,
    };

    public static CellView Cell(
        string id, CellState state = CellState.Active, int tenants = 0, int load = 0, string provider = "process", string? endpoint = null, CellHealthStatus? health = null) =>
        new(id, "local", "local-a", CellStage.Prod, 1000, endpoint ?? "http://127.0.0.1:5100", state, provider,
            new Dictionary<string, string>(), "1.0.0", tenants, load, Created, Created, health);

    public static CellHealthStatus Health(string cell, CellState state = CellState.Active, string probe = "healthy", int failures = 0, string? lastError = null) =>
        new(cell, state, probe, Now.AddSeconds(-2), probe == "healthy" ? Now.AddSeconds(-2) : Now.AddMinutes(-1), failures, probe == "healthy" ? 5 : 0,
            lastError, lastError is null ? null : Now.AddSeconds(-2), state == CellState.Unhealthy ? Now.AddSeconds(-30) : null,
            state == CellState.Unhealthy ? CellState.Active : null);

    public static TenantView Tenant(string id, string cell = "c1", bool pinned = false, long epoch = 1) =>
        new(id, cell, 1, pinned, epoch, Created, Created);

    public static ControlPlaneHealth ControlPlaneHealth(long tableVersion = 7) =>
        new("Healthy", tableVersion, 3, 10, 4242, Created, "sqlite", "host-4242-a1b2");

    public static RouterHealth RouterHealth(long tableVersion = 7, bool stale = false) =>
        new(stale ? "Degraded" : "Healthy", tableVersion, stale, "control-plane", Created.AddMinutes(59), null, 10, 3, 4343);

    /// <summary>An experiment that started at <see cref="Now"/>: a 30 s error fault in c1, report due 10 s after it ends.</summary>
    public static Experiment Experiment(
        string id = "exp-1", ExperimentState state = ExperimentState.Running, BlastRadiusReport? report = null, string? reason = null, bool started = true)
    {
        var startedAt = started ? Now : (DateTimeOffset?)null;
        var ended = state is ExperimentState.Pending or ExperimentState.Running ? (DateTimeOffset?)null : Now.AddSeconds(30);
        return new(
            id, "c1 errors", state, ["c1"], new ExperimentFault(CellFaultKind.Error, null, 503, 1, null), 30,
            new ExperimentStopConditions(0.05, 2, 50, 20), 10, 10, "cellctl/test", Now.AddSeconds(-10), startedAt, ended, reason,
            started ? [new ExperimentInjection("c1", "f-1", Now.AddSeconds(30), ended)] : [],
            started ? (ended ?? Now.AddSeconds(30)).AddSeconds(10) : null,
            report);
    }

    /// <summary>A report for target c1 and bystander c2: c1's tenants t1, t2 failed; c2 stayed fine unless <paramref name="verdict"/> is leaked.</summary>
    public static BlastRadiusReport Report(string verdict = "contained")
    {
        var leaked = verdict == "leaked";
        var fine = new ExperimentWindowStats(100, 100, 0, 1, 0, 6.5, 13, [], 0);
        var target = new CellBlastRadius("c1", true, null, fine, new ExperimentWindowStats(80, 0, 80, 0, 1, 11, 12, ["t1", "t2"], 2), fine);
        var bystanderDuring = leaked ? new ExperimentWindowStats(90, 45, 45, 0.5, 0.5, 7, 400, ["t3"], 1) : new ExperimentWindowStats(90, 90, 0, 1, 0, 7, 14, [], 0);
        var bystander = new CellBlastRadius("c2", false, verdict, fine, bystanderDuring, fine);
        var window = new ExperimentWindow(Now, Now.AddSeconds(30));
        return new BlastRadiusReport(
            verdict,
            ["c1 (target): error rate 0.0% → 100.0%, p99 13 ms → 12 ms (80 requests)",
             leaked ? "c2: error rate 0.0% → 50.0%, p99 13 ms → 400 ms (90 requests), over the limits" : "c2: error rate 0.0% → 0.0%, p99 13 ms → 14 ms (90 requests), within limits"],
            new ExperimentWindows(new ExperimentWindow(Now.AddSeconds(-10), Now), window, new ExperimentWindow(Now.AddSeconds(30), Now.AddSeconds(40))),
            [target, bystander],
            leaked ? ["t1", "t2", "t3"] : ["t1", "t2"],
            leaked ? 3 : 2,
            4,
            leaked ? 0.75 : 0.5,
            ["t1", "t2"],
            2,
            leaked ? ["t3"] : [],
            !leaked,
            !leaked,
            Now.AddSeconds(41));
    }

    /// <summary>
    /// A migration of <paramref name="tenant"/> from c1 to c2 that has reached <paramref name="state"/>:
    /// every earlier step ended with a fixed duration, the current one still open. Aborted and
    /// Failed ones stop after the cutover / before copying.
    /// </summary>
    public static Migration Migration(string id = "mig-1", string tenant = "acme", MigrationState state = MigrationState.Planned, string from = "c1", string to = "c2", string? reason = null)
    {
        IReadOnlyList<MigrationState> reached = state switch
        {
            MigrationState.Aborted => [.. MigrationRendering.Path.TakeWhile(s => s != MigrationState.Switched), MigrationState.Aborted],
            MigrationState.Failed => [MigrationState.Planned, MigrationState.Failed],
            _ => [.. MigrationRendering.Path.TakeWhile(s => s != state), state],
        };
        var phases = new List<MigrationPhase>();
        var at = Now;
        foreach (var phase in reached)
        {
            if (phase == state)
            {
                phases.Add(new MigrationPhase(phase, at));
                break;
            }

            var ms = PhaseMs[phase];
            phases.Add(new MigrationPhase(phase, at, at.AddMilliseconds(ms), ms));
            at = at.AddMilliseconds(ms);
        }

        var copied = phases.Count > 2;
        var switched = state is MigrationState.Switched or MigrationState.Soak or MigrationState.Complete;
        var cutover = switched
            ? new MigrationCutover(2000, 1234, 3, 4, 512, "sha256:0123456789abcdef", "sha256:0123456789abcdef", 1200, 25, 31, 38)
            : null;
        var verification = phases.Any(p => p.Phase == MigrationState.Verifying && p.EndedAt is not null)
            ? new MigrationVerification(true, true, 1230, 1230, 1200, 1200, "sha256:0123456789abcdef", "sha256:0123456789abcdef", "hashes equal at seq 1230")
            : null;
        var report = new MigrationReport(phases, copied ? 1200 : null, copied ? 1230 : 0, copied ? 1200 : 0, copied ? 30 : 0, copied ? 345_678 : 0, copied ? 3 : 0, copied ? 0 : null, verification, cutover);
        return new Migration(
            id, tenant, from, to, 1, 1, 2, state, false, false, null, null,
            reason ?? (state == MigrationState.Aborted ? "Cutover over budget: 2.4 s > 2 s" : state == MigrationState.Failed ? "Cell c2 is not Active" : null),
            null, "cellctl/test", Now, at, state == MigrationState.Soak ? Now.AddSeconds(30) : null, report);
    }
}
