using Cellular.Core.Api;

namespace Cellular.ControlPlane.Deployments;

/// <summary>Immutable edits of a <see cref="Deployment"/>: one cell, one wave, more evidence.</summary>
internal static class DeploymentChanges
{
    /// <summary>The most gate decisions kept per deployment; older passes go first, failures stay.</summary>
    public const int MaxEvidence = 500;

    public static Deployment WithCell(this Deployment deployment, string cell, Func<DeploymentCell, DeploymentCell> change) =>
        deployment with { Cells = [.. deployment.Cells.Select(c => c.Cell == cell ? change(c) : c)] };

    public static Deployment WithWave(this Deployment deployment, int index, Func<DeploymentWave, DeploymentWave> change) =>
        deployment with { Waves = [.. deployment.Waves.Select(w => w.Index == index ? change(w) : w)] };

    public static Deployment WithEvidence(this Deployment deployment, IEnumerable<GateDecision> decisions)
    {
        var evidence = deployment.Evidence.Concat(decisions).ToList();
        while (evidence.Count > MaxEvidence)
        {
            var oldestPass = evidence.FindIndex(d => d.Verdict == GateVerdict.Pass);
            evidence.RemoveAt(oldestPass >= 0 ? oldestPass : 0);
        }

        return deployment with { Evidence = evidence };
    }

    public static DeploymentCell CellOf(this Deployment deployment, string cell) => deployment.Cells.First(c => c.Cell == cell);

    /// <summary>The first wave that has not ended; null when every wave has.</summary>
    public static DeploymentWave? CurrentWave(this Deployment deployment) => deployment.Waves.FirstOrDefault(w => !w.State.IsFinal());

    public static bool IsFinal(this DeploymentWaveState state) =>
        state is DeploymentWaveState.Succeeded or DeploymentWaveState.Failed or DeploymentWaveState.RolledBack or DeploymentWaveState.Skipped or DeploymentWaveState.Aborted;
}
