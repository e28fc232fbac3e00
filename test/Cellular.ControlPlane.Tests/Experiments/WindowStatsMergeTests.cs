using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Experiments;

public sealed class WindowStatsMergeTests
{
    [Fact]
    public void Merge_TwoRouters_SumsCountsWeightsP50TakesHighestP99AndUnitesTenants()
    {
        var a = new RouterStats(0, 1000, 3, [FakeRouter.Cell("c1", 30, errors: 3, p99Ms: 40, "t1", "t2"), FakeRouter.Cell("c2", 10)]);
        var b = new RouterStats(0, 1000, 3, [FakeRouter.Cell("c1", 10, errors: 1, p99Ms: 80, "t2", "t3")]);

        var merged = WindowStatsMerge.Merge([a, b]);

        var c1 = merged["c1"];
        Assert.Equal((40L, 36L, 4L, 0.1), (c1.Requests, c1.Successes, c1.Errors, c1.ErrorRate));
        Assert.Equal(((20 * 30) + (40 * 10)) / 40.0, c1.P50Ms, 6);
        Assert.Equal(80, c1.P99Ms);
        Assert.Equal(["t1", "t2", "t3"], c1.TenantsWithErrors);
        Assert.Equal(3, c1.TenantsWithErrorsCount);
        Assert.Equal(10, merged["c2"].Requests);
    }

    [Fact]
    public void Create_NoRequests_IsAFullSuccessWithoutErrors()
    {
        var stats = WindowStatsMerge.Create(0, 0, 0, 0, [], 0);

        Assert.Equal((1.0, 0.0), (stats.SuccessRate, stats.ErrorRate));
    }
}
