using Cellular.ControlPlane.Placement;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Placement;

public sealed class PlacementPolicyTests
{
    [Fact]
    public void ChooseLeastUtilised_DifferentCapacities_ComparesLoadOverCapacity()
    {
        CellLoad[] cells =
        [
            new("a", "eu", CellState.Active, 10, 4),    // 40 %
            new("b", "eu", CellState.Active, 1000, 300), // 30 %
            new("c", "eu", CellState.Active, 3, 1),      // 33 %
        ];

        Assert.Equal("b", PlacementPolicy.ChooseLeastUtilised(cells, 1, null)?.Id);
    }

    [Fact]
    public void ChooseLeastUtilised_OnlyActiveCellsWithRoom_AreCandidates()
    {
        CellLoad[] cells =
        [
            new("draining", "eu", CellState.Draining, 100, 0),
            new("quarantined", "eu", CellState.Quarantined, 100, 0),
            new("full", "eu", CellState.Active, 10, 9),
            new("busy", "eu", CellState.Active, 10, 7),
        ];

        Assert.Equal("busy", PlacementPolicy.ChooseLeastUtilised(cells, 2, null)?.Id);
        Assert.Null(PlacementPolicy.ChooseLeastUtilised(cells, 4, null));
    }

    [Fact]
    public void ChooseLeastUtilised_Region_IgnoresOtherRegions()
    {
        CellLoad[] cells = [new("eu1", "eu", CellState.Active, 10, 0), new("us1", "us", CellState.Active, 10, 8)];

        Assert.Equal("us1", PlacementPolicy.ChooseLeastUtilised(cells, 1, "us")?.Id);
        Assert.Null(PlacementPolicy.ChooseLeastUtilised(cells, 1, "ap"));
    }

    [Fact]
    public void ChooseLeastUtilised_Tie_PrefersMoreFreeRoomThenLowerId()
    {
        CellLoad[] sameShare = [new("small", "eu", CellState.Active, 10, 5), new("large", "eu", CellState.Active, 20, 10)];
        CellLoad[] identical = [new("b", "eu", CellState.Active, 10, 0), new("a", "eu", CellState.Active, 10, 0)];

        Assert.Equal("large", PlacementPolicy.ChooseLeastUtilised(sameShare, 1, null)?.Id);
        Assert.Equal("a", PlacementPolicy.ChooseLeastUtilised(identical, 1, null)?.Id);
    }

    [Fact]
    public void ChooseLeastUtilised_ExactFit_IsAccepted()
    {
        CellLoad[] cells = [new("a", "eu", CellState.Active, 10, 7)];

        Assert.Equal("a", PlacementPolicy.ChooseLeastUtilised(cells, 3, null)?.Id);
    }
}
