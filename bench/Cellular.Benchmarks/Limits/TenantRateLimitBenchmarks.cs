using BenchmarkDotNet.Attributes;
using Cellular.Benchmarks.Data;
using Cellular.Core.Routing;
using Cellular.Router;
using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Microsoft.Extensions.Options;

namespace Cellular.Benchmarks.Limits;

/// <summary>
/// <see cref="TenantRateLimiter.TryAcquire"/>, which the router calls once per request when the
/// tenant rate limit is on (as shipped): for one busy tenant, and for a different tenant on every
/// call out of a million (each sets up a bucket in a slot of the preallocated bucket table).
/// Settings as shipped: 100 requests/s per weight, 2 s burst, 65,536 slots; the clock is real, so
/// buckets refill as they would in a router. A bucket refills in 10 ms, and at millions of new
/// tenants a second (far beyond a router's rate) the table holds more refilling buckets than
/// slots: most of these calls also evict, the limiter's worst case.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class TenantRateLimitBenchmarks
{
    private const int Batch = 4096;
    private const int KeyCount = 1 << 20;

    private readonly TenantRateLimiter _limiter = new(Options.Create(new RouterOptions()), TimeProvider.System);
    private RoutingTable _table = RoutingTable.Empty;
    private TenantKey[] _keys = [];
    private TenantKey _busy;
    private int _cursor;

    [GlobalSetup]
    public void Setup()
    {
        _table = RoutingTable.FromSnapshot(SnapshotGenerator.Create(1_000, 10));
        var random = new Random(5);
        _keys = new TenantKey[KeyCount];
        for (var i = 0; i < KeyCount; i++)
        {
            var id = SnapshotGenerator.TenantId(random.Next(1_000_000));
            _keys[i] = TenantKey.Create(true, TenantKeySource.Header, id, 0, id.Length);
        }

        _busy = _keys[0];
    }

    /// <summary>One tenant far over its rate: every call after the burst is refused.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int OneBusyTenant()
    {
        var granted = 0;
        for (var i = 0; i < Batch; i++)
        {
            if (_limiter.TryAcquire(_busy, _table, TimeProvider.System.GetTimestamp(), out _))
            {
                granted++;
            }
        }

        return granted;
    }

    /// <summary>A random tenant out of a million on every call: nearly every call sets up a bucket.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int NewTenantEachCall()
    {
        var granted = 0;
        var start = _cursor;
        _cursor = (_cursor + Batch) & (KeyCount - 1);
        for (var i = 0; i < Batch; i++)
        {
            if (_limiter.TryAcquire(_keys[(start + i) & (KeyCount - 1)], _table, TimeProvider.System.GetTimestamp(), out _))
            {
                granted++;
            }
        }

        return granted;
    }
}
