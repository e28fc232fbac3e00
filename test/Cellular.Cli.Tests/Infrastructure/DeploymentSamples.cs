using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>
/// Deployments for canned responses: release 2.0.0 over c1 (wave 1, staging) and c2, c3 (wave 2,
/// prod), at the stage a scenario needs.
/// </summary>
internal static class DeploymentSamples
{
    public static readonly DateTimeOffset Now = Samples.Now;

    /// <summary>Accepted, nothing started.</summary>
    public static Deployment Pending(string id = "dep-1") =>
        Build(id, DeploymentState.Pending, [DeploymentWaveState.Pending, DeploymentWaveState.Pending], [DeploymentCellState.Pending, DeploymentCellState.Pending, DeploymentCellState.Pending]);

    /// <summary>Wave 1 deploying c1.</summary>
    public static Deployment Running(string id = "dep-1") =>
        Build(id, DeploymentState.Running, [DeploymentWaveState.Deploying, DeploymentWaveState.Pending], [DeploymentCellState.Staging, DeploymentCellState.Pending, DeploymentCellState.Pending]);

    /// <summary>Wave 1 baking until 4m12s after <see cref="Now"/>, with one passing decision.</summary>
    public static Deployment Baking(string id = "dep-1") =>
        Build(
            id,
            DeploymentState.Baking,
            [DeploymentWaveState.Baking, DeploymentWaveState.Pending],
            [DeploymentCellState.Deployed, DeploymentCellState.Pending, DeploymentCellState.Pending],
            evidence: [Decision(0, "c1", GateVerdict.Pass, canary: 0.002, baseline: 0.001, threshold: 0.051, "c1's error rate 0.2% is within 0.1% + 5.0 points")],
            bakeEndsAt: Now.AddSeconds(252));

    /// <summary>Both waves passed.</summary>
    public static Deployment Succeeded(string id = "dep-1") =>
        Build(
            id,
            DeploymentState.Succeeded,
            [DeploymentWaveState.Succeeded, DeploymentWaveState.Succeeded],
            [DeploymentCellState.Deployed, DeploymentCellState.Deployed, DeploymentCellState.Deployed],
            evidence: [Decision(0, "c1", GateVerdict.Pass, 0.002, 0.001, 0.051, "within limits"), Decision(1, "c3", GateVerdict.Pass, 0.001, 0.001, 0.051, "within limits")],
            report: Report(failed: false),
            ended: true);

    /// <summary>Wave 2's c3 failed the peers gate on error rate; wave 2 rolled back. The report's previous group saw no requests.</summary>
    public static Deployment RolledBack(string id = "dep-1") =>
        Build(
            id,
            DeploymentState.RolledBack,
            [DeploymentWaveState.Succeeded, DeploymentWaveState.RolledBack],
            [DeploymentCellState.Deployed, DeploymentCellState.RolledBack, DeploymentCellState.RolledBack],
            evidence: [Decision(0, "c1", GateVerdict.Pass, 0.002, 0.001, 0.051, "within limits"), FailedDecision],
            report: Report(failed: true),
            reason: "c3 failed the peers gate: error rate 12.0% against 0.1% (limit 5.1%); wave 2 rolled back",
            ended: true);

    /// <summary>Ended in <paramref name="state"/> (Failed, Aborted) with <paramref name="reason"/>.</summary>
    public static Deployment Ended(DeploymentState state, string reason, string id = "dep-1") =>
        Build(id, state, [DeploymentWaveState.Succeeded, DeploymentWaveState.Skipped], [DeploymentCellState.Deployed, DeploymentCellState.Skipped, DeploymentCellState.Skipped], reason: reason, ended: true);

    /// <summary>Paused or waiting for approval before wave 2.</summary>
    public static Deployment Waiting(DeploymentState state, string? reason = null, string id = "dep-1") =>
        Build(
            id,
            state,
            [DeploymentWaveState.Succeeded, state == DeploymentState.WaitingForApproval ? DeploymentWaveState.WaitingForApproval : DeploymentWaveState.Pending],
            [DeploymentCellState.Deployed, DeploymentCellState.Pending, DeploymentCellState.Pending],
            reason: reason);

    public static readonly GateDecision FailedDecision =
        Decision(1, "c3", GateVerdict.Fail, 0.12, 0.001, 0.051, "c3's error rate 12.0% exceeds its peers' 0.1% by more than 5.0 points");

    public static GateDecision Decision(int wave, string cell, GateVerdict verdict, double? canary, double? baseline, double? threshold, string detail, string metric = "errorRate", string gate = "peers") =>
        new(Now.AddSeconds(wave * 60), wave, cell, gate, metric, canary, baseline, threshold, verdict, detail);

    private static DeploymentReport Report(bool failed) =>
        new(
            Now.AddMinutes(-5),
            Now,
            [
                new DeploymentGroupStats("release", "2.0.0", failed ? ["c1"] : ["c1", "c2", "c3"], 1200, failed ? 0.12 : 0.001, 41.5),
                new DeploymentGroupStats("previous", "1.0.0", failed ? ["c2", "c3"] : [], 0, null, null),
            ],
            failed ? FailedDecision : null);

    private static Deployment Build(
        string id,
        DeploymentState state,
        DeploymentWaveState[] waves,
        DeploymentCellState[] cells,
        IReadOnlyList<GateDecision>? evidence = null,
        DeploymentReport? report = null,
        string? reason = null,
        DateTimeOffset? bakeEndsAt = null,
        bool ended = false)
    {
        IReadOnlyList<string>[] plan = [["c1"], ["c2", "c3"]];
        var deploymentWaves = waves.Select((s, i) => new DeploymentWave(
            i,
            plan[i],
            s,
            i == 0 ? 600 : 1200,
            StartedAt: s == DeploymentWaveState.Pending ? null : Now.AddMinutes(-6),
            BakeStartedAt: s == DeploymentWaveState.Baking ? Now.AddMinutes(-5) : null,
            BakeEndsAt: s == DeploymentWaveState.Baking ? bakeEndsAt ?? Now.AddMinutes(5) : null,
            EndedAt: s is DeploymentWaveState.Succeeded or DeploymentWaveState.Failed or DeploymentWaveState.RolledBack ? Now : null)).ToList();
        string[] ids = ["c1", "c2", "c3"];
        var deploymentCells = cells.Select((s, i) => new DeploymentCell(
            ids[i],
            i == 0 ? 0 : 1,
            s,
            new CellRelease("1.0.0", null, new Dictionary<string, string>()),
            Error: s == DeploymentCellState.Failed ? "did not become healthy" : null)).ToList();
        return new Deployment(
            id,
            null,
            state,
            "2.0.0",
            new CellRelease("2.0.0", "/opt/notes/2.0.0/Notes.dll", new Dictionary<string, string> { ["Notes:Greeting"] = "hi" }),
            deploymentWaves,
            deploymentCells,
            1,
            DeploymentApproval.None,
            false,
            new DeploymentGates(0.05, 2, 50, 20, 300),
            "admin",
            Now.AddHours(-1),
            Now,
            ended ? Now : null,
            reason,
            evidence ?? [],
            report);
    }
}
