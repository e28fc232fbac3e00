using System.Diagnostics.Metrics;
using Cellular.Core.Routing;
using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Forwarding;
using Cellular.Router.Routing;
using Cellular.Router.Sync;
using Cellular.Router.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Telemetry;

/// <summary>The per-request work added by failure containment and telemetry, measured on its own.</summary>
public sealed class RequestRecorderTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly CellInvokers _invokers;
    private readonly RoutingTableHolder _holder;
    private readonly TenantRateLimiter _limiter;
    private readonly StatsRecorder _stats;
    private readonly RequestRecorder _recorder;
    private readonly MeterListener _listener = new();
    private long _measured;
    private long _durations;

    public RequestRecorderTests()
    {
        var options = Options.Create(new RouterOptions { TenantRateLimit = new TenantRateLimitOptions { PermitsPerSecondPerWeight = 1_000_000 } });
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _invokers = new CellInvokers(options, new Cellular.Router.Security.CellTlsCredentials(options, TimeProvider.System), _time, NullLogger<CellInvokers>.Instance);
        _stats = new StatsRecorder(options, _time);
        _holder = new RoutingTableHolder(_invokers, new CellGuards(options, _time, _stats, NullLoggerFactory.Instance));
        _holder.Apply(RoutingTable.FromSnapshot(Create(1, [Cell("c1", "http://127.0.0.1:1")], [Tenant("acme", "c1")])), TableSource.ControlPlane);
        _limiter = new TenantRateLimiter(options, _time);
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        var metrics = new RouterMetrics(meterFactory, _holder, _stats, new SyncStatus(), new CutoverHold(_holder, options, _time), _time);
        _recorder = new RequestRecorder(metrics, _stats, _time);

        // A listener, so the instruments are enabled and their tags really are built. Only this
        // test's meter: other tests' routers record on meters of the same name at the same time.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RouterMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "cellular.router.requests")
            {
                _measured += value;
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, _, _, _) =>
        {
            if (instrument.Name == "cellular.router.request.duration")
            {
                _durations++;
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _invokers.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Finished_KnownTenantAfterWarmUp_RequestPathAllocatesNothing()
    {
        const string header = "acme";
        var key = TenantKey.Create(true, TenantKeySource.Header, header, 0, header.Length);
        var sliced = TenantKey.Create(true, TenantKeySource.Path, "/t/acme/notes", 3, 4, 7);
        // Warm up past the JIT's first tiers, so what is measured is the steady state.
        for (var i = 0; i < 100; i++)
        {
            OneRequest(key);
            OneRequest(sliced);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            OneRequest(i % 2 == 0 ? key : sliced);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        _listener.RecordObservableInstruments();

        Assert.Equal(0, allocated);
        Assert.Equal(1200, _durations);
        Assert.Equal(1200, _measured);
        Assert.Equal(1200, _stats.Report(null, null, _holder.State.Table).Cells.Single(c => c.Cell == "c1").Successes);
    }

    private void OneRequest(TenantKey key)
    {
        var start = _time.GetTimestamp();
        var state = _holder.State;
        var guard = state.Targets[state.Table.Lookup(key.Span).CellIndex].Guard;
        Assert.False(guard.Circuit.IsRefusing(start, out _));
        Assert.True(_limiter.TryAcquire(key, state.Table, start, out _));
        Assert.True(guard.TryEnter());
        var permit = guard.Circuit.TryPass(start, out _);
        guard.Exit();
        guard.Circuit.OnAnswered(permit, serverError: false, _time.GetTimestamp());
        _recorder.Finished(guard, RequestOutcome.Success, start, key.Span);
    }
}
