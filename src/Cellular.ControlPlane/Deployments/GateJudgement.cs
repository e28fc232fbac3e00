using Cellular.Core.Api;

namespace Cellular.ControlPlane.Deployments;

/// <summary>What the gates concluded about one deployed cell at one moment, with every decision as evidence.</summary>
/// <param name="Verdict">Fail when any decision failed; Inconclusive when no comparison could be made; else Pass.</param>
/// <param name="Decisions">Each check that was made, in order: traffic, or peers then baseline (error rate, p99).</param>
internal sealed record GateJudgement(GateVerdict Verdict, IReadOnlyList<GateDecision> Decisions)
{
    /// <summary>The decision that explains a verdict other than Pass: the first failure, else the first inconclusive one; null on Pass.</summary>
    public GateDecision? Decisive => Verdict switch
    {
        GateVerdict.Fail => Decisions.FirstOrDefault(d => d.Verdict == GateVerdict.Fail),
        GateVerdict.Inconclusive => Decisions.FirstOrDefault(d => d.Verdict == GateVerdict.Inconclusive),
        _ => null,
    };
}
