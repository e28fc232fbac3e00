using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;
using Cellular.ControlPlane.Tests.Store.Conformance;
using Cellular.Testing.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Replicas;

/// <summary>
/// Leases on PostgreSQL, two replicas on one database: expiry is the database's clock (the
/// replicas' own clocks do not matter), claims never let two hold one lease, and a replica that
/// lost its lease writes nothing.
/// </summary>
public sealed class PostgresLeaseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMilliseconds(600);

    private readonly PostgresStoreFactory _factory = new(database);
    private readonly FakeTimeProvider _clockA = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeTimeProvider _clockB = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private LeaseReplica _a = null!;
    private LeaseReplica _b = null!;

    public async Task InitializeAsync()
    {
        _a = new LeaseReplica(StoreProviders.Postgres, guards => _factory.CreatePostgresAsync(_clockA, guards).GetAwaiter().GetResult(), "replica-a", _clockA, Ttl);
        _b = new LeaseReplica(StoreProviders.Postgres, guards => _factory.Open(_factory.LastConnectionString!, _clockB, guards), "replica-b", _clockB, Ttl);
        await _a.InitializeAsync();
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task TryClaim_HeldByAnother_IsRefusedUntilItExpiresByDatabaseTime()
    {
        var first = await _a.TryClaimAsync("migration:m1");

        // b's clock runs an hour ahead: irrelevant, the database's clock decides.
        _clockB.Advance(TimeSpan.FromHours(1));
        Assert.Null(await _b.TryClaimAsync("migration:m1"));

        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200));
        var second = await _b.TryClaimAsync("migration:m1");

        Assert.Equal((1L, "replica-b", 2L), (first!.Token, second!.Owner, second.Token));
    }

    [Fact]
    public async Task FencedWrite_ReplicaClockFarAhead_StillWritesWhileTheDatabaseSaysTheLeaseHolds()
    {
        var lease = await _a.TryClaimAsync("deployment:d1");
        _clockA.Advance(TimeSpan.FromDays(1));

        using (_a.Fence.Enter(lease!))
        {
            await _a.WriteProbeAsync(1);
        }

        Assert.Equal([1], await _b.ReadProbesAsync());
    }

    [Fact]
    public async Task FencedWrite_PausedPastItsLeaseAndTakenOver_ThrowsLeaseLostExceptionAndWritesNothing()
    {
        var lease = await _a.TryClaimAsync("migration:m1");
        using (_a.Fence.Enter(lease!))
        {
            await _a.WriteProbeAsync(1);

            // a is paused (no heartbeat) past its lease; b claims the work.
            await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200));
            Assert.Equal(2L, (await _b.TryClaimAsync("migration:m1"))!.Token);

            var refused = await Assert.ThrowsAsync<LeaseLostException>(() => _a.WriteProbeAsync(2));
            Assert.Equal(("migration:m1", 1L), (refused.Lease, refused.Token));
        }

        Assert.Equal([1], await _b.ReadProbesAsync());
    }

    [Fact]
    public async Task TryClaim_ManyAtOnceFromTwoReplicas_NeverBothHoldTheLease()
    {
        for (var round = 0; round < 20; round++)
        {
            var name = $"experiment:e{round}";
            var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? _a : _b).TryClaimAsync(name))));

            Assert.Single(claims, c => c is not null);
        }
    }

    [Fact]
    public async Task Heartbeat_KeepsTheLeaseAcrossManyLeaseTimes_ThenReleaseFreesItAtOnce()
    {
        await using (var held = await _a.Keeper.TryHoldAsync("singleton:health-monitor", CancellationToken.None))
        {
            for (var beat = 0; beat < 6; beat++)
            {
                // The heartbeat's delay runs on a's fake clock; the database's time runs for real.
                _clockA.Advance(Ttl / 3);
                await Task.Delay(Ttl / 3);
                Assert.Null(await _b.TryClaimAsync("singleton:health-monitor"));
            }

            Assert.False(held!.IsLost);
        }

        Assert.NotNull(await _b.TryClaimAsync("singleton:health-monitor"));
    }
}
