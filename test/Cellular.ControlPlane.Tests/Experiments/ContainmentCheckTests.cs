using Cellular.ControlPlane.Experiments;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Experiments;

public sealed class ContainmentCheckTests
{
    private static readonly ExperimentStopConditions Limits = new(0.05, 2.0, 50, 20);

    [Fact]
    public void Compare_ErrorRateAboveBaselinePlusIncrease_Degraded()
    {
        var result = ContainmentCheck.Compare(Stats(100, 2, 10), Stats(100, 8, 10), Limits);

        Assert.Equal((true, true, false), (result.Judged, result.ErrorRateExceeded, result.P99Exceeded));
        Assert.Equal(0.07, result.ErrorRateLimit, 6);
    }

    [Fact]
    public void Compare_ErrorRateAtTheLimit_NotDegraded()
    {
        var result = ContainmentCheck.Compare(Stats(100, 2, 10), Stats(100, 7, 10), Limits);

        Assert.False(result.Degraded);
    }

    [Fact]
    public void Compare_P99AboveFactorPlusFloor_Degraded()
    {
        var result = ContainmentCheck.Compare(Stats(100, 0, 100), Stats(100, 0, 251), Limits);

        Assert.Equal((false, true, 250.0), (result.ErrorRateExceeded, result.P99Exceeded, result.P99LimitMs!.Value));
    }

    [Fact]
    public void Compare_TooFewRequestsNow_NotJudged()
    {
        var result = ContainmentCheck.Compare(Stats(100, 0, 10), Stats(19, 19, 5000), Limits);

        Assert.Equal((false, false), (result.Judged, result.Degraded));
    }

    [Fact]
    public void Compare_BaselineTooSmall_TreatedAsErrorFreeWithoutP99Limit()
    {
        var result = ContainmentCheck.Compare(Stats(5, 5, 10), Stats(100, 6, 5000), Limits);

        Assert.Equal((0.05, (double?)null, true, false), (result.ErrorRateLimit, result.P99LimitMs, result.ErrorRateExceeded, result.P99Exceeded));
    }

    private static ExperimentWindowStats Stats(long requests, long errors, double p99) =>
        WindowStatsMerge.Create(requests, requests - errors, p99 / 2, p99, [], 0);
}
