using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Migrations;

public sealed class SnapshotWeightTests
{
    [Fact]
    public void Build_Tenants_CarryTheirWeight()
    {
        var cell = new Cell("a", "local", "local-a", CellStage.Prod, 100, "http://127.0.0.1:5100", CellState.Active, "static", new Dictionary<string, string>(), "1.0.0");
        var state = new TableState(3, DateTimeOffset.UnixEpoch, [cell], [new Tenant("heavy", 40, "a", false, 2), new Tenant("light", 1, "a", false, 1)], "store-1");

        var snapshot = SnapshotFactory.Build(state, new FallbackOptions());

        Assert.Equal([("heavy", 40), ("light", 1)], snapshot.Tenants.Select(t => (t.Id, t.Weight)));
    }
}
