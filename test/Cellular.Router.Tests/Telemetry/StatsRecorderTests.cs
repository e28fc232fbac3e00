using Cellular.Core.Api;
using Cellular.Core.Routing;
using Cellular.Router.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Telemetry;

public sealed class StatsRecorderTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly long StartMs = Start.ToUnixTimeMilliseconds();

    private readonly FakeTimeProvider _time = new(Start);
    private readonly StatsRecorder _stats;
    private readonly RoutingTable _table = RoutingTable.FromSnapshot(Create(7, [Cell("c1", "http://127.0.0.1:1"), Cell("c2", "http://127.0.0.1:2")], []));

    public StatsRecorderTests()
    {
        _stats = new StatsRecorder(Options.Create(new RouterOptions { StatsRetention = TimeSpan.FromSeconds(60) }), _time);
    }

    [Fact]
    public void Report_KnownSequence_ExactPerCellAndPerWindow()
    {
        var c1 = _stats.For("c1");
        Record(c1, RequestOutcome.Success, "acme", 3);
        Record(c1, RequestOutcome.UpstreamError, "acme");
        Record(c1, RequestOutcome.RateLimited, "noisy", 2);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Record(c1, RequestOutcome.Success, "globex");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Record(c1, RequestOutcome.Shed, "initech");
        Record(c1, RequestOutcome.CellDown, "hooli");
        Record(c1, RequestOutcome.CircuitOpen, "hooli");
        Record(_stats.None, RequestOutcome.NoRoute, "nobody");

        var first = _stats.Report(StartMs, StartMs + 1000, _table);
        var second = _stats.Report(StartMs + 1000, StartMs + 2000, _table);
        var both = _stats.Report(StartMs, StartMs + 2000, _table);

        Assert.Equal((StartMs, StartMs + 1000, 7L), (first.From, first.To, first.TableVersion));
        var c1First = first.Cells.Single(c => c.Cell == "c1");
        Assert.Equal(7, c1First.Requests);
        Assert.Equal(4, c1First.Successes);
        Assert.Equal(new RouterErrorCounts(1, 0, 2, 0, 0, 0), c1First.Errors);
        Assert.Equal(3, c1First.TenantsSeen);
        Assert.Equal(["acme", "noisy"], c1First.TenantsWithErrors);
        Assert.Equal(2, c1First.TenantsWithErrorsCount);
        Assert.DoesNotContain(first.Cells, c => c.Cell == "none");

        var c1Second = second.Cells.Single(c => c.Cell == "c1");
        Assert.Equal(3, c1Second.Requests);
        Assert.Equal(0, c1Second.Successes);
        Assert.Equal(new RouterErrorCounts(0, 1, 0, 1, 1, 0), c1Second.Errors);
        Assert.Equal(["hooli", "initech"], c1Second.TenantsWithErrors);
        var none = second.Cells.Single(c => c.Cell == "none");
        Assert.Equal(1, none.Requests);
        Assert.Equal(1, none.Errors.NoRoute);

        var c1Both = both.Cells.Single(c => c.Cell == "c1");
        Assert.Equal(10, c1Both.Requests);
        Assert.Equal(5, c1Both.TenantsSeen);
        Assert.Equal(4, c1Both.TenantsWithErrorsCount);
        Assert.Equal(0, both.Cells.Single(c => c.Cell == "c2").Requests);
    }

    [Fact]
    public void Report_UnalignedRange_WidenedToWholeSeconds()
    {
        Record(_stats.For("c1"), RequestOutcome.Success, "acme");
        _time.Advance(TimeSpan.FromSeconds(3));

        var report = _stats.Report(StartMs + 400, StartMs + 1, _table);

        Assert.Equal(StartMs, report.From);
        Assert.Equal(StartMs + 1000, report.To);
        Assert.Equal(1, report.Cells.Single(c => c.Cell == "c1").Requests);
    }

    [Fact]
    public void Report_NoRange_LastTenSecondsWithCurrentPartialSecond()
    {
        var c1 = _stats.For("c1");
        Record(c1, RequestOutcome.Success, "old");
        _time.Advance(TimeSpan.FromSeconds(10));
        Record(c1, RequestOutcome.Success, "recent");
        _time.Advance(TimeSpan.FromMilliseconds(9_500));
        Record(c1, RequestOutcome.Success, "now");

        var report = _stats.Report(null, null, _table);

        Assert.Equal(StartMs + 10_000, report.From);
        Assert.Equal(StartMs + 20_000, report.To);
        Assert.Equal(2, report.Cells.Single(c => c.Cell == "c1").Requests);
    }

    [Fact]
    public void Report_OlderThanRetention_Clipped()
    {
        Record(_stats.For("c1"), RequestOutcome.Success, "acme");
        _time.Advance(TimeSpan.FromSeconds(90));

        var report = _stats.Report(StartMs - 5000, null, _table);

        Assert.Equal(StartMs + 31_000, report.From);
        Assert.Equal(0, report.Cells.Single(c => c.Cell == "c1").Requests);
    }

    [Fact]
    public void Report_RingReused_OldSecondNotMistakenForNew()
    {
        var c1 = _stats.For("c1");
        Record(c1, RequestOutcome.Success, "acme", 5);
        _time.Advance(TimeSpan.FromSeconds(62));
        Record(c1, RequestOutcome.Success, "acme");

        var report = _stats.Report(null, null, _table);

        Assert.Equal(1, report.Cells.Single(c => c.Cell == "c1").Requests);
    }

    [Fact]
    public void Report_Latencies_PercentilesWithinHistogramError()
    {
        var c1 = _stats.For("c1");
        for (var ms = 1; ms <= 100; ms++)
        {
            _stats.Record(c1, RequestOutcome.Success, TimeSpan.FromMilliseconds(ms), "acme");
        }

        var cell = _stats.Report(null, null, _table).Cells.Single(c => c.Cell == "c1");

        Assert.InRange(cell.P50Ms, 50 * 0.9375, 50 * 1.0625);
        Assert.InRange(cell.P99Ms, 99 * 0.9375, 99 * 1.0625);
    }

    [Fact]
    public void Report_ManyTenantsWithErrors_ListCappedCountExact()
    {
        var c1 = _stats.For("c1");
        for (var i = 0; i < 1500; i++)
        {
            Record(c1, RequestOutcome.Shed, $"t{i:D4}");
        }

        var cell = _stats.Report(null, null, _table).Cells.Single(c => c.Cell == "c1");

        Assert.Equal(1000, cell.TenantsWithErrors.Count);
        Assert.Equal(1500, cell.TenantsWithErrorsCount);
        Assert.Equal("t0000", cell.TenantsWithErrors[0]);
    }

    [Fact]
    public void Record_RingComesRound_BucketReusedWithoutAllocating()
    {
        // Random tenants every second, as under load: once each slot of the ring has been used,
        // recording (the request path) allocates nothing and the old second is gone.
        var c1 = _stats.For("c1");
        var tenants = Enumerable.Range(0, 500).Select(i => $"t{i:D7}").ToArray();
        for (var lap = 0; lap < 2; lap++)
        {
            for (var second = 0; second < 62; second++)
            {
                foreach (var tenant in tenants)
                {
                    _stats.Record(c1, RequestOutcome.Success, TimeSpan.FromMilliseconds(2), tenant);
                }

                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var tenant in tenants)
        {
            _stats.Record(c1, RequestOutcome.Success, TimeSpan.FromMilliseconds(2), tenant);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var cell = _stats.Report(null, null, _table).Cells.Single(c => c.Cell == "c1");

        Assert.Equal(0, allocated);
        Assert.Equal(500 * 10, cell.Requests);
        Assert.Equal(500, cell.TenantsSeen);
    }

    [Fact]
    public void Report_CellLeftTheTable_StillReportedWhileItHasRequests()
    {
        Record(_stats.For("gone"), RequestOutcome.Success, "acme");

        var report = _stats.Report(null, null, _table);

        Assert.Equal(["c1", "c2", "gone"], report.Cells.Select(c => c.Cell));
    }

    private void Record(CellStatsRing ring, RequestOutcome outcome, string tenant, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _stats.Record(ring, outcome, TimeSpan.FromMilliseconds(2), tenant);
        }
    }
}
