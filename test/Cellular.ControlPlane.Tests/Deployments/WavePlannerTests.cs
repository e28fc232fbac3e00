using Cellular.ControlPlane.Deployments;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Deployments;

public sealed class WavePlannerTests
{
    private static readonly Dictionary<string, long> NoTraffic = [];

    [Fact]
    public void Plan_StagingAndFourProd_GrowthTwo_WavesOfOneOneTwoOne()
    {
        var cells = new[] { Cell("p1", CellStage.Prod), Cell("p2", CellStage.Prod), Cell("s", CellStage.Staging), Cell("p3", CellStage.Prod), Cell("p4", CellStage.Prod) };

        var waves = WavePlanner.Plan(cells, NoTraffic, growth: 2);

        AssertWaves(waves, ["s"], ["p1"], ["p2", "p3"], ["p4"]);
    }

    [Fact]
    public void Plan_Stages_DevThenStagingThenProd_NeverShareAWave()
    {
        var cells = new[] { Cell("a-prod", CellStage.Prod), Cell("b-staging", CellStage.Staging), Cell("c-dev", CellStage.Dev), Cell("d-dev", CellStage.Dev), Cell("e-staging", CellStage.Staging) };

        var waves = WavePlanner.Plan(cells, NoTraffic, growth: 10);

        AssertWaves(waves, ["c-dev"], ["d-dev"], ["b-staging"], ["e-staging"], ["a-prod"]);
    }

    [Fact]
    public void Plan_GrowthOne_OneCellPerWave()
    {
        var cells = Enumerable.Range(1, 4).Select(i => Cell($"p{i}", CellStage.Prod)).ToList();

        var waves = WavePlanner.Plan(cells, NoTraffic, growth: 1);

        AssertWaves(waves, ["p1"], ["p2"], ["p3"], ["p4"]);
    }

    [Fact]
    public void Plan_GrowthThree_WavesOfOneThreeNine()
    {
        var cells = Enumerable.Range(10, 15).Select(i => Cell($"p{i}", CellStage.Prod)).ToList();

        var waves = WavePlanner.Plan(cells, NoTraffic, growth: 3);

        Assert.Equal([1, 3, 9, 2], waves.Select(w => w.Count));
        Assert.Equal(cells.Select(c => c.Id), waves.SelectMany(w => w));
    }

    [Fact]
    public void Plan_Traffic_LowestFirst_MissingCountsAsZero_TiesById()
    {
        var cells = new[] { Cell("busy", CellStage.Prod), Cell("quiet", CellStage.Prod), Cell("unseen", CellStage.Prod), Cell("b-tie", CellStage.Prod), Cell("a-tie", CellStage.Prod) };
        var traffic = new Dictionary<string, long> { ["busy"] = 9000, ["quiet"] = 10, ["a-tie"] = 500, ["b-tie"] = 500 };

        var waves = WavePlanner.Plan(cells, traffic, growth: 2);

        AssertWaves(waves, ["unseen"], ["quiet", "a-tie"], ["b-tie", "busy"]);
    }

    [Fact]
    public void Plan_TrafficOrdersWithinAStageOnly()
    {
        var cells = new[] { Cell("staging-busy", CellStage.Staging), Cell("prod-quiet", CellStage.Prod) };
        var traffic = new Dictionary<string, long> { ["staging-busy"] = 1_000_000, ["prod-quiet"] = 0 };

        var waves = WavePlanner.Plan(cells, traffic, growth: 2);

        AssertWaves(waves, ["staging-busy"], ["prod-quiet"]);
    }

    [Fact]
    public void Plan_NoCells_NoWaves()
    {
        Assert.Empty(WavePlanner.Plan([], NoTraffic, growth: 2));
    }

    [Fact]
    public void Plan_GrowthBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WavePlanner.Plan([Cell("p1", CellStage.Prod)], NoTraffic, growth: 0));
    }

    private static void AssertWaves(IReadOnlyList<IReadOnlyList<string>> actual, params string[][] expected)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    private static Cell Cell(string id, CellStage stage) =>
        new(id, "local", "local-a", stage, 100, "http://127.0.0.1:5100", CellState.Active, "static", new Dictionary<string, string>(), "1.0.0");
}
