using Cellular.Core.Routing;
using Cellular.Router.Health;
using Cellular.Router.Routing;
using Cellular.Router.Sync;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Health;

public sealed class RouterHealthReporterTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly SyncStatus _status = new();
    private readonly RoutingTableHolder _holder;
    private readonly RouterHealthReporter _reporter;

    public RouterHealthReporterTests()
    {
        var options = Options.Create(new RouterOptions { StaleAfter = TimeSpan.FromSeconds(30), LongPollWait = TimeSpan.FromSeconds(20) });
        _holder = new RoutingTableHolder(new CellInvokers(options, new Cellular.Router.Security.CellTlsCredentials(options, TimeProvider.System), _time, NullLogger<CellInvokers>.Instance), Guards.Create(time: _time));
        _reporter = new RouterHealthReporter(_holder, _status, options, _time);
    }

    [Fact]
    public void Report_NothingYet_DegradedStaleSourceNone()
    {
        var health = _reporter.Report();

        Assert.Equal("Degraded", health.Status);
        Assert.True(health.Stale);
        Assert.Equal("none", health.TableSource);
        Assert.Equal(0, health.TableVersion);
        Assert.Null(health.LastSyncAt);
        Assert.Equal(Environment.ProcessId, health.ProcessId);
    }

    [Fact]
    public void Report_RecentContactWithTable_Healthy()
    {
        _holder.Apply(RoutingTable.FromSnapshot(OneTenant(8, "http://127.0.0.1:1")), TableSource.ControlPlane);
        _status.RecordContact(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(30));

        var health = _reporter.Report();

        Assert.Equal("Healthy", health.Status);
        Assert.False(health.Stale);
        Assert.Equal(8, health.TableVersion);
        Assert.Equal("control-plane", health.TableSource);
        Assert.Equal(1, health.Tenants);
        Assert.Equal(1, health.Cells);
    }

    [Fact]
    public void Report_NoContactForLongerThanStaleAfter_StaleDegradedButStillReportsTable()
    {
        _holder.Apply(RoutingTable.FromSnapshot(OneTenant(8, "http://127.0.0.1:1")), TableSource.ControlPlane);
        var contact = _time.GetUtcNow();
        _status.RecordContact(contact);
        _time.Advance(TimeSpan.FromSeconds(31));

        var health = _reporter.Report();

        Assert.Equal("Degraded", health.Status);
        Assert.True(health.Stale);
        Assert.Equal(8, health.TableVersion);
        Assert.Equal(contact, health.LastSyncAt);
    }

    [Fact]
    public void Report_LongPollInProgress_WaitIsNotCountedAsSilence()
    {
        _holder.Apply(RoutingTable.FromSnapshot(OneTenant(8, "http://127.0.0.1:1")), TableSource.ControlPlane);
        _status.RecordContact(_time.GetUtcNow());
        _status.SetPollInProgress(true);

        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.False(_reporter.Report().Stale);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(_reporter.Report().Stale);
    }

    [Fact]
    public void Report_ErrorRecorded_LastErrorCarriesTimeAndMessage()
    {
        _status.RecordError(_time.GetUtcNow(), "boom");

        Assert.Equal("2025-01-01T12:00:00Z boom", _reporter.Report().LastError);
    }
}
