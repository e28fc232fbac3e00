using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Experiments;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Deployments;

public sealed class DeploymentGateTests
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DeploymentGates Gates = new(ErrorRateIncrease: 0.05, P99Factor: 2, P99FloorMs: 50, MinRequests: 20, MaxBakeExtensionSeconds: 60);

    [Fact]
    public void Judge_ErrorRateAbovePeers_FailsWithTheNumbers()
    {
        var canary = Stats(requests: 1000, errors: 482, p99: 20);
        var peers = DeploymentGate.MergePeers([Stats(500, 0, 18), Stats(600, 0, 20), Stats(700, 0, 22)]);

        var judgement = DeploymentGate.Judge(1, "c3", canary, peers, baseline: null, Gates, At);

        Assert.Equal(GateVerdict.Fail, judgement.Verdict);
        var decisive = Assert.IsType<GateDecision>(judgement.Decisive);
        Assert.Equal(("peers", "errorRate", GateVerdict.Fail), (decisive.Gate, decisive.Metric, decisive.Verdict));
        Assert.Equal((1, "c3", At), (decisive.Wave, decisive.Cell, decisive.At));
        Assert.Equal(0.482, decisive.Canary!.Value, 6);
        Assert.Equal(0.0, decisive.Baseline!.Value, 6);
        Assert.Equal(0.05, decisive.Threshold!.Value, 6);
        Assert.Contains("error rate 48.2%", decisive.Detail, StringComparison.Ordinal);
        Assert.Contains("against 0.0%", decisive.Detail, StringComparison.Ordinal);
        Assert.Contains("above the 5.0% threshold", decisive.Detail, StringComparison.Ordinal);
        Assert.Contains("482 of 1000 requests", decisive.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_P99AboveBaseline_Fails()
    {
        var canary = Stats(requests: 400, errors: 0, p99: 300);
        var baseline = Stats(requests: 400, errors: 0, p99: 100);

        var judgement = DeploymentGate.Judge(2, "c4", canary, peers: null, baseline, Gates, At);

        Assert.Equal(GateVerdict.Fail, judgement.Verdict);
        var decisive = judgement.Decisive!;
        Assert.Equal(("baseline", "p99Ms", 300.0, 100.0, 250.0), (decisive.Gate, decisive.Metric, decisive.Canary, decisive.Baseline, decisive.Threshold));
        Assert.Contains("p99 300 ms against 100 ms", decisive.Detail, StringComparison.Ordinal);
        Assert.Contains("above the 250 ms threshold", decisive.Detail, StringComparison.Ordinal);

        // The peers could not be compared, which is recorded, but the failure decides.
        var peers = Assert.Single(judgement.Decisions, d => d.Gate == "peers");
        Assert.Equal(GateVerdict.Inconclusive, peers.Verdict);
        Assert.Contains("no data", peers.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_TooFewCanaryRequests_InconclusiveTrafficDecision()
    {
        var judgement = DeploymentGate.Judge(0, "c1", Stats(12, 12, 900), Stats(1000, 0, 10), Stats(1000, 0, 10), Gates, At);

        Assert.Equal(GateVerdict.Inconclusive, judgement.Verdict);
        var decision = Assert.Single(judgement.Decisions);
        Assert.Same(decision, judgement.Decisive);
        Assert.Equal(("traffic", "requests", 12.0, 20.0, GateVerdict.Inconclusive), (decision.Gate, decision.Metric, decision.Canary, decision.Threshold, decision.Verdict));
        Assert.Contains("12 requests", decision.Detail, StringComparison.Ordinal);
        Assert.Contains("20", decision.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_NoComparisons_Inconclusive()
    {
        var judgement = DeploymentGate.Judge(0, "c1", Stats(500, 0, 10), peers: null, baseline: Stats(5, 0, 10), Gates, At);

        Assert.Equal(GateVerdict.Inconclusive, judgement.Verdict);
        Assert.Equal(["peers", "baseline"], judgement.Decisions.Select(d => d.Gate));
        Assert.All(judgement.Decisions, d => Assert.Equal(GateVerdict.Inconclusive, d.Verdict));
        Assert.Equal("peers", judgement.Decisive!.Gate);
        Assert.Contains("only 5 requests", judgement.Decisions[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_WithinThresholds_PassesWithFourDecisions()
    {
        var canary = Stats(requests: 1000, errors: 30, p99: 140);
        var peers = Stats(requests: 3000, errors: 30, p99: 50);
        var baseline = Stats(requests: 800, errors: 0, p99: 45);

        var judgement = DeploymentGate.Judge(1, "c2", canary, peers, baseline, Gates, At);

        Assert.Equal(GateVerdict.Pass, judgement.Verdict);
        Assert.Null(judgement.Decisive);
        Assert.Equal(
            [("peers", "errorRate"), ("peers", "p99Ms"), ("baseline", "errorRate"), ("baseline", "p99Ms")],
            judgement.Decisions.Select(d => (d.Gate, d.Metric)));
        Assert.All(judgement.Decisions, d => Assert.Equal(GateVerdict.Pass, d.Verdict));
        Assert.All(judgement.Decisions, d => Assert.Contains("within the", d.Detail, StringComparison.Ordinal));
        Assert.Contains("error rate 3.0% (30 of 1000 requests) against 1.0%", judgement.Decisions[0].Detail, StringComparison.Ordinal);
        Assert.Contains("within the 6.0% threshold", judgement.Decisions[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_OnePassingComparison_PassesDespiteMissingBaseline()
    {
        var judgement = DeploymentGate.Judge(1, "c2", Stats(100, 0, 10), Stats(100, 0, 10), baseline: null, Gates, At);

        Assert.Equal(GateVerdict.Pass, judgement.Verdict);
        Assert.Contains(judgement.Decisions, d => d.Gate == "baseline" && d.Verdict == GateVerdict.Inconclusive);
    }

    [Fact]
    public void Judge_ErrorRateExactlyAtThreshold_Passes()
    {
        var judgement = DeploymentGate.Judge(1, "c2", Stats(100, 5, 10), Stats(100, 0, 10), null, Gates, At);

        Assert.Equal(GateVerdict.Pass, judgement.Verdict);
    }

    [Fact]
    public void Judge_SlowColdStartInAFewDozenRequests_P99NotJudgedErrorRateDecides()
    {
        // 40 requests, the slowest a new process's first one: its p99 is that request.
        var judgement = DeploymentGate.Judge(1, "c2", Stats(40, 0, 900), Stats(3000, 0, 20), Stats(40, 0, 25), Gates, At);

        Assert.Equal(GateVerdict.Pass, judgement.Verdict);
        var p99 = judgement.Decisions.Where(d => d.Metric == "p99Ms").ToList();
        Assert.Equal(2, p99.Count);
        Assert.All(p99, d => Assert.Equal(GateVerdict.Inconclusive, d.Verdict));
        Assert.Contains("fewer than the 200", p99[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_SlowAcrossEnoughRequests_P99Fails()
    {
        var judgement = DeploymentGate.Judge(1, "c2", Stats(200, 0, 900), Stats(3000, 0, 20), null, Gates, At);

        Assert.Equal(GateVerdict.Fail, judgement.Verdict);
        Assert.Equal("p99Ms", judgement.Decisive!.Metric);
    }

    [Fact]
    public void Judge_ColdFirstSecondsOutsideTheLatencyWindow_P99JudgedOnTheWarmWindowOnly()
    {
        var wholeBake = Stats(1000, 0, 900);
        var peers = Stats(3000, 0, 20);

        var warm = DeploymentGate.Judge(1, "c2", wholeBake, peers, null, Gates, At, (Stats(800, 0, 25), Stats(2400, 0, 20)));
        var slowWhenWarm = DeploymentGate.Judge(1, "c2", wholeBake, peers, null, Gates, At, (Stats(800, 0, 400), Stats(2400, 0, 20)));

        Assert.Equal(GateVerdict.Pass, warm.Verdict);
        Assert.Equal(GateVerdict.Fail, slowWhenWarm.Verdict);
        Assert.Equal((400.0, 20.0, 90.0), (slowWhenWarm.Decisive!.Canary, slowWhenWarm.Decisive.Baseline, slowWhenWarm.Decisive.Threshold));
    }

    [Fact]
    public void MergePeers_SumsCountsAndTakesMedianLatencies()
    {
        var merged = DeploymentGate.MergePeers([Stats(100, 10, 30), Stats(300, 0, 10), Stats(0, 0, 999), Stats(600, 30, 20)]);

        Assert.Equal(1000, merged.Requests);
        Assert.Equal(960, merged.Successes);
        Assert.Equal(0.04, merged.ErrorRate, 6);
        Assert.Equal(20, merged.P99Ms);
        Assert.Equal(10, merged.P50Ms);
    }

    [Fact]
    public void MergePeers_EvenCount_MedianIsTheMeanOfTheMiddleTwo()
    {
        var merged = DeploymentGate.MergePeers([Stats(100, 0, 10), Stats(100, 0, 30)]);

        Assert.Equal(20, merged.P99Ms);
    }

    [Fact]
    public void MergePeers_NoneOrNoRequests_Empty()
    {
        Assert.Same(ExperimentWindowStats.Empty, DeploymentGate.MergePeers([]));
        Assert.Same(ExperimentWindowStats.Empty, DeploymentGate.MergePeers([Stats(0, 0, 0)]));
    }

    /// <summary>A window with p50 = p99 / 2.</summary>
    private static ExperimentWindowStats Stats(long requests, long errors, double p99) =>
        WindowStatsMerge.Create(requests, requests - errors, p99 / 2, p99, [], 0);
}
