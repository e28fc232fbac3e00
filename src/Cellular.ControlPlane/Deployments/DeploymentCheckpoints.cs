namespace Cellular.ControlPlane.Deployments;

/// <summary>The points between a deployment's side effects where <see cref="IDeploymentCheckpoint"/>s are told (and the crash drill can fire).</summary>
internal static class DeploymentCheckpoints
{
    /// <summary>A wave is recorded as Deploying; no cell touched yet.</summary>
    public const string WaveStarted = "wave.started";

    /// <summary>A cell's step is recorded; its new workload is about to start.</summary>
    public const string CellStaging = "cell.staging";

    /// <summary>The new workload is healthy and recorded; the table is about to switch.</summary>
    public const string CellStaged = "cell.staged";

    /// <summary>The table points at the new workload; the old one is about to drain and stop.</summary>
    public const string CellSwitched = "cell.switched";

    /// <summary>A wave's bake is recorded as started.</summary>
    public const string BakeStarted = "bake.started";

    /// <summary>A baking wave was judged once (mid-bake).</summary>
    public const string BakeJudged = "bake.judged";

    /// <summary>A failed wave is recorded; its cells are about to be rolled back.</summary>
    public const string RollbackStarted = "rollback.started";

    public static IReadOnlyList<string> All { get; } = [WaveStarted, CellStaging, CellStaged, CellSwitched, BakeStarted, BakeJudged, RollbackStarted];
}
