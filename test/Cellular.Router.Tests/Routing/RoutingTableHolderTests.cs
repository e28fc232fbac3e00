using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Router.Routing;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Routing;

public sealed class RoutingTableHolderTests : IDisposable
{
    private readonly CellInvokers _invokers = new(Options.Create(new RouterOptions()), new Cellular.Router.Security.CellTlsCredentials(Options.Create(new RouterOptions()), TimeProvider.System), TimeProvider.System, NullLogger<CellInvokers>.Instance);
    private readonly RoutingTableHolder _holder;

    public RoutingTableHolderTests()
    {
        _holder = new RoutingTableHolder(_invokers, Guards.Create());
    }

    public void Dispose() => _invokers.Dispose();

    [Fact]
    public void State_Initially_EmptyTableSourceNone()
    {
        Assert.Equal(0, _holder.State.Table.Version);
        Assert.Equal(TableSource.None, _holder.State.Source);
    }

    [Fact]
    public void Apply_NewerVersion_SwappedAndChangeTokenFires()
    {
        var token = _holder.GetChangeToken();

        var result = _holder.Apply(Table(OneTenant(2, "http://127.0.0.1:1")), TableSource.ControlPlane);

        Assert.Equal(ApplyResult.Applied, result);
        Assert.Equal(2, _holder.State.Table.Version);
        Assert.True(token.HasChanged);
        Assert.False(_holder.GetChangeToken().HasChanged);
    }

    [Fact]
    public void Apply_OlderVersion_IgnoredVersionsNeverGoBackwards()
    {
        _holder.Apply(Table(OneTenant(5, "http://127.0.0.1:1")), TableSource.ControlPlane);

        var result = _holder.Apply(Table(OneTenant(4, "http://127.0.0.1:2")), TableSource.ControlPlane);

        Assert.Equal(ApplyResult.Older, result);
        Assert.Equal(5, _holder.State.Table.Version);
    }

    [Fact]
    public void Apply_SameVersionFromOtherSource_OnlySourceChanges()
    {
        _holder.Apply(Table(OneTenant(5, "http://127.0.0.1:1")), TableSource.Disk);
        var table = _holder.State.Table;

        var result = _holder.Apply(Table(OneTenant(5, "http://127.0.0.1:1")), TableSource.ControlPlane);

        Assert.Equal(ApplyResult.Unchanged, result);
        Assert.Same(table, _holder.State.Table);
        Assert.Equal(TableSource.ControlPlane, _holder.State.Source);
    }

    [Fact]
    public void Apply_EndpointUnchanged_ConnectionReusedAcrossVersionsAndStates()
    {
        _holder.Apply(Table(OneTenant(1, "http://127.0.0.1:1")), TableSource.ControlPlane);
        var before = _holder.State.Targets[0].Connection;

        _holder.Apply(Table(Create(2, [Cell("c1", "http://127.0.0.1:1", CellState.Draining)], [Tenant("acme", "c1")])), TableSource.ControlPlane);

        Assert.Same(before, _holder.State.Targets[0].Connection);
        Assert.Equal(CellState.Draining, _holder.State.Targets[0].Cell.State);
    }

    [Fact]
    public void Apply_EndpointChanged_NewConnection()
    {
        _holder.Apply(Table(OneTenant(1, "http://127.0.0.1:1")), TableSource.ControlPlane);
        var before = _holder.State.Targets[0].Connection;

        _holder.Apply(Table(OneTenant(2, "http://127.0.0.1:2")), TableSource.ControlPlane);

        Assert.NotSame(before, _holder.State.Targets[0].Connection);
        Assert.Equal("http://127.0.0.1:2", _holder.State.Targets[0].Connection!.Endpoint);
    }

    [Fact]
    public void Apply_CellWithoutEndpoint_TargetNotServing()
    {
        _holder.Apply(Table(Create(1, [Cell("c1", null, CellState.Provisioning)], [Tenant("acme", "c1")])), TableSource.ControlPlane);

        Assert.Null(_holder.State.Targets[0].Connection);
        Assert.False(_holder.State.Targets[0].IsServing);
    }

    [Fact]
    public void Apply_TargetsIndexedLikeTableCells()
    {
        _holder.Apply(Table(Create(1, [Cell("a", "http://127.0.0.1:1"), Cell("b", "http://127.0.0.1:2", CellState.Unhealthy)], [])), TableSource.ControlPlane);

        var state = _holder.State;
        for (var i = 0; i < state.Table.Cells.Count; i++)
        {
            Assert.Same(state.Table.Cells[i], state.Targets[i].Cell);
        }

        Assert.True(state.Targets[0].IsServing);
        Assert.False(state.Targets[1].IsServing);
    }

    private static RoutingTable Table(RoutingTableSnapshot snapshot) => RoutingTable.FromSnapshot(snapshot);
}
