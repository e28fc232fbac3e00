using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Placement;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Migrations;

public sealed class RebalancePlannerTests
{
    [Fact]
    public void Plan_OneCellOver_MovesTheTenantWithTheBestGainPerSizeToTheEmptiestCell()
    {
        CellLoad[] cells = [Cell("a", 90), Cell("b", 50), Cell("c", 10)];
        RebalanceCandidate[] candidates = [Candidate("big", "a", 30, 30), Candidate("cheap", "a", 15, 2), Candidate("tiny", "a", 1, 1)];

        var (moves, before, after) = RebalancePlanner.Plan(cells, candidates, 0.8, 10);

        // tiny removes 0.01 of overload per row, cheap 0.1 per 2 rows = 0.05: cheap first, then nothing is over.
        Assert.Equal([new RebalanceMove("cheap", "a", "c", 15, 2, "rows", 0.75, 0.25)], moves);
        Assert.Equal([0.9, 0.5, 0.1], before.Select(u => u.Utilisation));
        Assert.Equal([0.75, 0.5, 0.25], after.Select(u => u.Utilisation));
    }

    [Fact]
    public void Plan_SeveralMovesNeeded_StopsOnceNoCellIsOverAndNeverPushesATargetOver()
    {
        CellLoad[] cells = [Cell("a", 100), Cell("b", 75)];
        RebalanceCandidate[] candidates = [Candidate("t1", "a", 5, 1), Candidate("t2", "a", 5, 1), Candidate("t3", "a", 5, 1), Candidate("t4", "a", 5, 1)];

        var (moves, _, after) = RebalancePlanner.Plan(cells, candidates, 0.8, 10);

        // b takes one tenant (to 0.80); a stays over: no target fits another, so the plan stops.
        Assert.Equal(["t1"], moves.Select(m => m.Tenant));
        Assert.Equal([0.95, 0.8], after.Select(u => u.Utilisation));
    }

    [Fact]
    public void Plan_MaxMoves_BoundsThePlan()
    {
        CellLoad[] cells = [Cell("a", 100), Cell("b", 0)];
        RebalanceCandidate[] candidates = [.. Enumerable.Range(1, 10).Select(i => Candidate($"t{i:00}", "a", 2, 1))];

        var (moves, _, _) = RebalancePlanner.Plan(cells, candidates, 0.8, 3);

        Assert.Equal(["t01", "t02", "t03"], moves.Select(m => m.Tenant));
    }

    private static CellLoad Cell(string id, long load) => new(id, "local", CellState.Active, 100, load);

    private static RebalanceCandidate Candidate(string tenant, string cell, int weight, long rows) => new(tenant, cell, weight, rows, "rows");
}
