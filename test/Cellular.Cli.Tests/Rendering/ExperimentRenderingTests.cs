using Cellular.Cli.Rendering;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Rendering;

public sealed class ExperimentRenderingTests
{
    [Theory]
    [InlineData(0, "fault injected: 0s of 30s, 30s left")]
    [InlineData(12, "fault injected: 12s of 30s, 18s left")]
    [InlineData(45, "fault injected: 30s of 30s, 0s left")]
    public void DescribeProgress_Running_ElapsedAndRemaining(int seconds, string expected) =>
        Assert.Equal(expected, ExperimentRendering.DescribeProgress(Samples.Experiment(), Samples.Now.AddSeconds(seconds)));

    [Fact]
    public void DescribeProgress_EndedBeforeReport_CountsDownToIt() =>
        Assert.Equal(
            "fault cleared; measuring the after-window, report in 5s",
            ExperimentRendering.DescribeProgress(Samples.Experiment(state: ExperimentState.Completed), Samples.Now.AddSeconds(35)));

    [Fact]
    public void Fraction_FaultAndAfterWindow_MovesSteadilyAndEndsAtOne()
    {
        Assert.Equal(0.5, ExperimentRendering.Fraction(Samples.Experiment(), Samples.Now.AddSeconds(20)), 3);
        Assert.Equal(0.99, ExperimentRendering.Fraction(Samples.Experiment(state: ExperimentState.Completed), Samples.Now.AddSeconds(60)), 3);
        Assert.Equal(1, ExperimentRendering.Fraction(Samples.Experiment(state: ExperimentState.Completed, report: Samples.Report()), Samples.Now));
    }

    [Theory]
    [InlineData(CellFaultKind.Error, null, 503, 1.0, "error 503")]
    [InlineData(CellFaultKind.Latency, 250, null, 0.25, "latency 250 ms on 25.0% of requests")]
    [InlineData(CellFaultKind.Crash, null, null, 1.0, "crash")]
    public void DescribeFault_Kinds(CellFaultKind kind, int? latency, int? status, double rate, string expected) =>
        Assert.Equal(expected, ExperimentRendering.DescribeFault(new ExperimentFault(kind, latency, status, rate, null)));

    [Fact]
    public void DescribeFault_ManyTenants_ShowsThreeAndCount() =>
        Assert.Equal(
            "abort, tenants a, b, c +2 more",
            ExperimentRendering.DescribeFault(new ExperimentFault(CellFaultKind.Abort, null, null, 1, ["a", "b", "c", "d", "e"])));
}
