using Cellular.ControlPlane.Fleet;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Fleet;

/// <summary>Error-rate alarms when a cell is the only one with traffic: failing alone is still failing.</summary>
public sealed class FleetAlarmsTests
{
    private static readonly FleetSample Sample = new(1, true, null, true, DateTimeOffset.UnixEpoch, new Dictionary<string, CellSample>(), CellSignals.None);

    [Fact]
    public void ErrorRate_NoPeerWithTraffic_ComparedWithZero()
    {
        var failing = new CellSignals(300, 10, 0, 1, 0.1, 0.2);

        var alarm = Assert.Single(FleetAlarms.Of(CellState.Active, "healthy", null, failing, CellSignals.None, 0, Sample));

        Assert.Equal(FleetAlarms.ErrorRate, alarm.Kind);
        Assert.Equal("critical", alarm.Severity);
        Assert.Equal("Error rate 100.0% over 300 requests; no peer had traffic to compare with.", alarm.Detail.Replace(" %", "%", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(300, 0.04)]
    [InlineData(19, 1.0)]
    public void ErrorRate_NoPeer_LowRateOrTooFewRequests_NoAlarm(long requests, double errorRate)
    {
        var signals = new CellSignals(requests, requests / 30.0, 1 - errorRate, errorRate, 1, 2);

        Assert.Empty(FleetAlarms.Of(CellState.Active, "healthy", null, signals, CellSignals.None, 0, Sample));
    }

    [Fact]
    public void ErrorRate_WithPeers_ComparedWithTheirMedian()
    {
        var signals = new CellSignals(300, 10, 0.9, 0.1, 1, 2);
        var peers = new CellSignals(900, 30, 0.93, 0.07, 1, 2);

        Assert.Empty(FleetAlarms.Of(CellState.Active, "healthy", null, signals, peers, 3, Sample));
    }
}
