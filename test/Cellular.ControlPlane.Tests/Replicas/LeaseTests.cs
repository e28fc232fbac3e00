using Cellular.ControlPlane.Replicas;
using Cellular.ControlPlane.Store.Leases;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Replicas;

public sealed class LeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _root = new("cp-leases");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LeaseReplica _a;
    private readonly LeaseReplica _b;

    public LeaseTests()
    {
        _a = new LeaseReplica(_root.Path, "replica-a", _clock, Ttl);
        _b = new LeaseReplica(_root.Path, "replica-b", _clock, Ttl);
    }

    public async Task InitializeAsync()
    {
        await _a.InitializeAsync();
        await _b.InitializeAsync();
    }

    public Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        _root.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TryClaim_HeldByAnother_IsRefusedUntilItExpiresThenGetsAHigherToken()
    {
        var first = await _a.TryClaimAsync("migration:m1");

        Assert.Equal(("replica-a", 1L), (first!.Owner, first.Token));
        Assert.Null(await _b.TryClaimAsync("migration:m1"));
        Assert.Null(await _a.TryClaimAsync("migration:m1"));

        _clock.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        Assert.Null(await _b.TryClaimAsync("migration:m1"));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _b.TryClaimAsync("migration:m1");
        Assert.Equal(("replica-b", 2L), (second!.Owner, second.Token));
    }

    [Fact]
    public async Task Release_ThenClaim_GetsTheNextToken()
    {
        var held = await _a.Keeper.TryHoldAsync("deployment:d1", CancellationToken.None);
        await held!.DisposeAsync();

        var next = await _b.TryClaimAsync("deployment:d1");

        Assert.Equal(2L, next!.Token);
    }

    [Fact]
    public async Task TryClaim_TwoReplicasAtOnce_NeverBothHoldTheLease()
    {
        for (var round = 0; round < 20; round++)
        {
            var name = $"experiment:e{round}";
            var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? _a : _b).TryClaimAsync(name))));

            Assert.Single(claims, c => c is not null);
        }
    }

    [Fact]
    public async Task FencedWrite_LeaseLostMidRun_ThrowsLeaseLostExceptionAndLeavesTheStoreUnchanged()
    {
        await using var held = await _a.Keeper.TryHoldAsync("migration:m1", CancellationToken.None);
        using (held!.Enter())
        {
            await _a.WriteProbeAsync(1);

            // Replica a stalls past its lease (its heartbeat renews too late), and b takes the work over.
            await Eventually.TrueAsync(
                () =>
                {
                    _clock.Advance(Ttl + TimeSpan.FromSeconds(1));
                    return Task.FromResult(held.IsLost);
                },
                "the heartbeat finds the lease lost");
            var taken = await _b.TryClaimAsync("migration:m1");
            Assert.Equal(2L, taken!.Token);

            var refused = await Assert.ThrowsAsync<LeaseLostException>(() => _a.WriteProbeAsync(2));
            Assert.Equal(("migration:m1", 1L), (refused.Lease, refused.Token));
        }

        Assert.Equal([1], await _b.ReadProbesAsync());
    }

    [Fact]
    public async Task FencedWrite_LeaseExpiredButNotYetClaimed_IsRefused()
    {
        var lease = await _a.TryClaimAsync("migration:m1");
        _clock.Advance(Ttl);

        using (_a.Fence.Enter(lease!))
        {
            await Assert.ThrowsAsync<LeaseLostException>(() => _a.WriteProbeAsync(1));
        }

        Assert.Empty(await _a.ReadProbesAsync());
    }

    [Fact]
    public async Task Heartbeat_EveryThirdOfTheLeaseTime_KeepsTheLeaseAcrossManyLeaseTimes()
    {
        await using var held = await _a.Keeper.TryHoldAsync("singleton:health-monitor", CancellationToken.None);
        for (var beat = 0; beat < 10; beat++)
        {
            var before = await _a.ReadExpiryAsync("singleton:health-monitor");
            _clock.Advance(Ttl / 3);

            // The heartbeat may not be waiting yet when the clock moves (it re-arms after its renewal
            // commits), so nudge the clock on in small steps, far below the lease time, until it renews.
            await Eventually.TrueAsync(
                async () =>
                {
                    if (await _a.ReadExpiryAsync("singleton:health-monitor") != before)
                    {
                        return true;
                    }

                    _clock.Advance(TimeSpan.FromMilliseconds(100));
                    return false;
                },
                "a heartbeat renews the lease");
        }

        Assert.False(held!.IsLost);
        Assert.Null(await _b.TryClaimAsync("singleton:health-monitor"));
        using (held.Enter())
        {
            await _a.WriteProbeAsync(7);
        }

        Assert.Equal([7], await _a.ReadProbesAsync());
    }

    [Fact]
    public async Task Write_OutsideAnyLease_IsNotFenced()
    {
        var lease = await _a.TryClaimAsync("migration:m1");
        _clock.Advance(Ttl * 2);

        using (_a.Fence.Enter(lease!))
        using (_a.Fence.Suspend())
        {
            await _a.WriteProbeAsync(1);
        }

        await _a.WriteProbeAsync(2);
        Assert.Equal([1, 2], await _a.ReadProbesAsync());
    }

    [Fact]
    public async Task ListHeld_ReturnsUnexpiredLeasesOfThePrefixWithOwners()
    {
        await _a.TryClaimAsync("migration:m1");
        await _b.TryClaimAsync("migration:m2");
        await _b.TryClaimAsync("deployment:d1");
        var released = await _a.TryClaimAsync("migration:m3");
        await _a.Database.WriteAsync(async tx => { await _a.Leases.ReleaseAsync(tx, released!); return 0; }, CancellationToken.None);

        var held = await _a.Keeper.ListHeldAsync(LeaseNames.MigrationPrefix, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["migration:m1"] = "replica-a", ["migration:m2"] = "replica-b" }, held);
    }

    [Theory]
    [InlineData("00:00:00.1", null, null, "Ttl")]
    [InlineData("00:00:15", "00:00:06", null, "HeartbeatInterval")]
    [InlineData("00:00:15", null, "00:00:16", "PollInterval")]
    public void Validator_UnsafeTimings_AreRefusedNamingTheKey(string ttl, string? heartbeat, string? poll, string key)
    {
        var options = new LeaseOptions
        {
            Ttl = TimeSpan.Parse(ttl, System.Globalization.CultureInfo.InvariantCulture),
            HeartbeatInterval = heartbeat is null ? null : TimeSpan.Parse(heartbeat, System.Globalization.CultureInfo.InvariantCulture),
            PollInterval = poll is null ? null : TimeSpan.Parse(poll, System.Globalization.CultureInfo.InvariantCulture),
        };

        var result = new LeaseOptionsValidator().Validate(null, options);

        Assert.Contains($"Cellular:ControlPlane:Leases:{key}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_Defaults_AreValidWithHeartbeatsEveryThirdOfTheTtl()
    {
        var options = new LeaseOptions();

        Assert.True(new LeaseOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5)), (options.Ttl, options.Heartbeat));
    }
}
