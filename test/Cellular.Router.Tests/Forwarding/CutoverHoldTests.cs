using Cellular.Core.Routing;
using Cellular.Router.Extraction;
using Cellular.Router.Forwarding;
using Cellular.Router.Routing;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Forwarding;

/// <summary>Holding a refused request until the table moves its tenant, on a fake clock.</summary>
public sealed class CutoverHoldTests : IDisposable
{
    private static readonly TenantKey Acme = TenantKey.Create(true, TenantKeySource.Header, "acme", 0, 4);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CellInvokers _invokers;
    private readonly RoutingTableHolder _holder;
    private readonly CutoverHold _hold;

    public CutoverHoldTests()
    {
        var options = Options.Create(new RouterOptions { Cutover = new CutoverOptions { HoldTimeout = TimeSpan.FromSeconds(3), MaxHeldRequests = 1 } });
        _invokers = new CellInvokers(options, new Cellular.Router.Security.CellTlsCredentials(options, TimeProvider.System), _time, NullLogger<CellInvokers>.Instance);
        _holder = new RoutingTableHolder(_invokers, Guards.Create(time: _time));
        Apply(Table(10, "c1", epoch: 4));
        _hold = new CutoverHold(_holder, options, _time);
    }

    public void Dispose() => _invokers.Dispose();

    [Fact]
    public async Task WaitForMoveAsync_TableMovesTenant_ReturnsMovedWithNewTable()
    {
        var waiting = _hold.WaitForMoveAsync(Acme, 10, "c1", 4, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, _hold.Held);

        Apply(Table(11, "c2", epoch: 5));
        var (result, state) = await waiting.WaitAsync(Wait);

        Assert.Equal(HoldResult.Moved, result);
        Assert.Equal(11, state.Table.Version);
        Assert.Equal(0, _hold.Held);
    }

    [Fact]
    public async Task WaitForMoveAsync_UnrelatedChange_KeepsWaitingUntilClockPassesTimeout()
    {
        var waiting = _hold.WaitForMoveAsync(Acme, 10, "c1", 4, CancellationToken.None);

        Apply(Table(11, "c1", epoch: 4));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        var (result, state) = await waiting.WaitAsync(Wait);

        Assert.Equal(HoldResult.TimedOut, result);
        Assert.Equal(11, state.Table.Version);
        Assert.Equal(0, _hold.Held);
    }

    [Fact]
    public async Task WaitForMoveAsync_OverMaxHeld_FullAtOnce()
    {
        var first = _hold.WaitForMoveAsync(Acme, 10, "c1", 4, CancellationToken.None);

        var (result, _) = await _hold.WaitForMoveAsync(Acme, 10, "c1", 4, CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(HoldResult.Full, result);
        Assert.Equal(1, _hold.Held);
        Apply(Table(11, "c2", epoch: 5));
        Assert.Equal(HoldResult.Moved, (await first.WaitAsync(Wait)).Result);
    }

    [Fact]
    public async Task WaitForMoveAsync_ClientLeaves_ClientLeftAndReleased()
    {
        using var aborted = new CancellationTokenSource();
        var waiting = _hold.WaitForMoveAsync(Acme, 10, "c1", 4, aborted.Token);

        await aborted.CancelAsync();
        var (result, _) = await waiting.WaitAsync(Wait);

        Assert.Equal(HoldResult.ClientLeft, result);
        Assert.Equal(0, _hold.Held);
    }

    [Theory]
    [InlineData(10, "c1", 4, false)]
    [InlineData(11, "c1", 4, false)]
    [InlineData(11, "c1", 5, true)]
    [InlineData(11, "c2", 4, true)]
    public void HasMoved_ComparesCellAndEpochOfNewerTable(long version, string cell, long epoch, bool expected)
    {
        var state = new RouterState(RoutingTable.FromSnapshot(Table(version, cell, epoch)), [], TableSource.ControlPlane);

        Assert.Equal(expected, CutoverHold.HasMoved(state, Acme, 10, "c1", 4));
    }

    [Fact]
    public void HasMoved_TenantGoneFromNewerTable_True()
    {
        var state = new RouterState(RoutingTable.FromSnapshot(Create(11, [Cell("c1", "http://127.0.0.1:1")], [])), [], TableSource.ControlPlane);

        Assert.True(CutoverHold.HasMoved(state, Acme, 10, "c1", 4));
    }

    private static RoutingTableSnapshot Table(long version, string cell, long epoch) =>
        Create(version, [Cell("c1", "http://127.0.0.1:1"), Cell("c2", "http://127.0.0.1:2")], [Tenant("acme", cell, epoch), Tenant("globex", "c2")]);

    private void Apply(RoutingTableSnapshot snapshot) => _holder.Apply(RoutingTable.FromSnapshot(snapshot), TableSource.ControlPlane);
}
