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
        _invokers = new CellInvokers(options, _time, NullLogger<CellInvokers>.Instance);
        _holder = new RoutingTableHolder(_invokers, Guards.Create(options.Value, _time));
        _holder.Apply(Table(1, small: 1, big: 4), TableSource.ControlPlane);
        _limiter = new TenantRateLimiter(options, _holder, _time);
    }

    public void Dispose()
    {
        _limiter.Dispose();
        _invokers.Dispose();
    }

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
    public void Sweep_IdleBucket_Reclaimed()
    {
        TryAcquire("small", out _);
        TryAcquire("big", out _);
        Assert.Equal(2, _limiter.TenantCount);

        _time.Advance(TimeSpan.FromSeconds(6));
        TryAcquire("big", out _);
        _time.Advance(TimeSpan.FromSeconds(6));

        // small: idle 12 s (> 10 s and > its 3 s refill); big was used 6 s ago.
        Assert.Equal(1, _limiter.TenantCount);
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

    private bool TryAcquire(string tenant, out TimeSpan retryAfter) =>
        _limiter.TryAcquire(TenantKey.Create(true, TenantKeySource.Header, tenant, 0, tenant.Length), _holder.State.Table, _time.GetTimestamp(), out retryAfter);

    private int Drain(string tenant)
    {
        var granted = 0;
        while (granted < 1000 && TryAcquire(tenant, out _))
        {
            granted++;
        }

        return granted;
    }
}
