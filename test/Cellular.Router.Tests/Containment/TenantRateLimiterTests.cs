using Cellular.Core.Routing;
using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Routing;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Containment;

public sealed class TenantRateLimiterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CellInvokers _invokers;
    private readonly RoutingTableHolder _holder;
    private readonly TenantRateLimiter _limiter;

    public TenantRateLimiterTests()
    {
        var options = Options.Create(new RouterOptions { TenantRateLimit = new TenantRateLimitOptions { PermitsPerSecondPerWeight = 1, BurstSeconds = 3 } });
        _invokers = new CellInvokers(options, new Cellular.Router.Security.CellTlsCredentials(options, TimeProvider.System), _time, NullLogger<CellInvokers>.Instance);
        _holder = new RoutingTableHolder(_invokers, Guards.Create(options.Value, _time));
        _holder.Apply(Table(1, small: 1, big: 4), TableSource.ControlPlane);
        _limiter = new TenantRateLimiter(options, _time);
    }

    public void Dispose() => _invokers.Dispose();

    [Fact]
    public void TryAcquire_BurstUsedUp_RefusedWithRetryAfter()
    {
        // Rate 1/s, burst 3 s: three at once, then one a second.
        Assert.Equal(3, Drain("small"));

        Assert.False(TryAcquire("small", out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void TryAcquire_WeightFour_FourTimesTheBurst()
    {
        Assert.Equal(12, Drain("big"));
        Assert.Equal(3, Drain("small"));
    }

    [Fact]
    public void TryAcquire_KeyInsideLongerString_SameBucketAsPlainKey()
    {
        Assert.Equal(3, Drain("small"));

        var sliced = TenantKey.Create(true, TenantKeySource.Path, "/t/small/notes", 3, 5, 8);
        Assert.False(_limiter.TryAcquire(sliced, _holder.State.Table, _time.GetTimestamp(), out _));
    }

    [Fact]
    public void TryAcquire_OneTenantExhausted_OtherUnaffected()
    {
        Drain("small");

        Assert.True(TryAcquire("other", out _));
    }

    [Fact]
    public void TrackedTenants_BucketFullAgain_NoLongerTracked()
    {
        TryAcquire("small", out _);
        TryAcquire("big", out _);
        Assert.Equal(2, _limiter.TrackedTenants);

        // small (1/s) is full again after 1 s, big (4/s) after 0.25 s.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, _limiter.TrackedTenants);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, _limiter.TrackedTenants);
    }

    [Fact]
    public void TryAcquire_FullBucketsSlotTakenByOthers_StillLimitedAfterwards()
    {
        // A table of 64 slots and a thousand tenants passing through it.
        var limiter = Limiter(trackedTenants: 64);
        Assert.Equal(3, Drain(limiter, "small"));
        for (var i = 0; i < 1000; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(TryAcquire(limiter, $"tenant-{i}", out _));
        }

        // 1000 s later small is full again: the limit holds from a fresh bucket, nothing evicted early.
        Assert.Equal(3, Drain(limiter, "small"));
        Assert.Equal(0, limiter.Evictions);
    }

    [Fact]
    public void TryAcquire_TableFullOfRefillingBuckets_ClosestToFullEvictedAndCounted()
    {
        var limiter = Limiter(trackedTenants: 64);

        // 200 tenants exhaust their buckets at once: far more than 64 slots can hold.
        for (var i = 0; i < 200; i++)
        {
            Drain(limiter, $"tenant-{i}");
        }

        Assert.True(limiter.Evictions > 0);
        Assert.InRange(limiter.TrackedTenants, 1, 64);
    }

    [Fact]
    public void TryAcquire_NewcomersCrowdTheTable_TenantAtItsLimitKeepsItsBucket()
    {
        var limiter = Limiter(trackedTenants: 64);
        Assert.Equal(3, Drain(limiter, "small"));

        // 500 newcomers take one token each: their buckets are closer to full than small's, so
        // the evictions they cause fall on each other, never on the tenant being limited.
        for (var i = 0; i < 500; i++)
        {
            Assert.True(TryAcquire(limiter, $"tenant-{i}", out _));
        }

        Assert.True(limiter.Evictions > 0);
        Assert.False(TryAcquire(limiter, "small", out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task TryAcquire_ConcurrentRequestsOfOneTenant_GrantExactlyTheBurst()
    {
        var limiter = Limiter(trackedTenants: 64, burstSeconds: 500);
        var granted = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (TryAcquire(limiter, "small", out _))
                {
                    Interlocked.Increment(ref granted);
                }
            }
        })));

        Assert.Equal(500, granted);
    }

    [Theory]
    [InlineData(100, 128)]
    [InlineData(65_536, 65_536)]
    [InlineData(64, 64)]
    public void Capacity_RoundedUpToPowerOfTwo(int trackedTenants, int capacity)
    {
        Assert.Equal(capacity, Limiter(trackedTenants).Capacity);
    }

    [Fact]
    public void TryAcquire_NewTenantEveryRequest_AllocatesNothing()
    {
        var keys = Enumerable.Range(0, 20_000).Select(i => $"tenant-{i}").Select(id => TenantKey.Create(true, TenantKeySource.Header, id, 0, id.Length)).ToArray();
        var table = _holder.State.Table;
        var now = _time.GetTimestamp();

        // Past the JIT's first tier (on-stack replacement allocates), then measured.
        for (var round = 0; round < 3; round++)
        {
            foreach (var key in keys.AsSpan(0, 10_000))
            {
                _limiter.TryAcquire(key, table, now, out _);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var key in keys.AsSpan(10_000))
        {
            _limiter.TryAcquire(key, table, now, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Apply_WeightChanged_BucketResized()
    {
        Assert.Equal(3, Drain("small"));

        _holder.Apply(Table(2, small: 2, big: 4), TableSource.ControlPlane);

        Assert.Equal(6, Drain("small"));
    }

    private static RoutingTable Table(long version, int small, int big) =>
        RoutingTable.FromSnapshot(Create(version, [Cell("c1", "http://127.0.0.1:1")], [new("small", "c1", 1, false, small), new("big", "c1", 1, false, big)]));

    private TenantRateLimiter Limiter(int trackedTenants, double burstSeconds = 3) =>
        new(Options.Create(new RouterOptions { TenantRateLimit = new TenantRateLimitOptions { PermitsPerSecondPerWeight = 1, BurstSeconds = burstSeconds, TrackedTenants = trackedTenants } }), _time);

    private bool TryAcquire(string tenant, out TimeSpan retryAfter) => TryAcquire(_limiter, tenant, out retryAfter);

    private bool TryAcquire(TenantRateLimiter limiter, string tenant, out TimeSpan retryAfter) =>
        limiter.TryAcquire(TenantKey.Create(true, TenantKeySource.Header, tenant, 0, tenant.Length), _holder.State.Table, _time.GetTimestamp(), out retryAfter);

    private int Drain(string tenant) => Drain(_limiter, tenant);

    private int Drain(TenantRateLimiter limiter, string tenant)
    {
        var granted = 0;
        while (granted < 1000 && TryAcquire(limiter, tenant, out _))
        {
            granted++;
        }

        return granted;
    }
}
