using Cellular.ControlPlane.Store;
using Dapper;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary><see cref="TableVersionStore"/> on every provider: the first version, bumps stamped with the transaction's time, rolled-back bumps, counts.</summary>
public abstract class TableVersionStoreConformanceTests : StoreConformanceTest
{
    private readonly TableVersionStore _versions = new();

    private protected TableVersionStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    [Fact]
    public async Task NewStore_IsAtVersionOne()
    {
        var (version, changedAt) = await Store.ReadAsync(tx => _versions.GetHeadAsync(tx), CancellationToken.None);

        Assert.Equal(1L, version);
        Assert.Equal(Time.GetUtcNow(), changedAt);
    }

    [Fact]
    public async Task BumpAsync_CommittedAndRolledBack_OnlyTheCommittedOnesCount()
    {
        Time.Advance(TimeSpan.FromMinutes(1));
        var bumped = await Store.WriteAsync(tx => _versions.BumpAsync(tx), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync<long>(
            async tx =>
            {
                await _versions.BumpAsync(tx);
                throw new InvalidOperationException("rolled back");
            },
            CancellationToken.None));

        var (version, changedAt) = await Store.ReadAsync(tx => _versions.GetHeadAsync(tx), CancellationToken.None);

        Assert.Equal(2L, bumped);
        Assert.Equal(2L, version);
        Assert.Equal(Time.GetUtcNow(), changedAt);
        Assert.Equal(2L, await Store.ReadAsync(tx => _versions.GetAsync(tx), CancellationToken.None));
    }

    [Fact]
    public async Task BumpAsync_ManyWritersAtOnce_EachGetsItsOwnVersion()
    {
        var bumps = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Store.WriteAsync(tx => _versions.BumpAsync(tx), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(2, 20).Select(v => (long)v), bumps.Order());
    }

    [Fact]
    public async Task GetCountsAsync_CountsLiveCellsAndTenants()
    {
        await Store.WriteAsync(
            async tx =>
            {
                foreach (var (id, state) in new[] { ("c1", "Active"), ("c2", "Retired") })
                {
                    await tx.Connection.ExecuteAsync(
                        "INSERT INTO cells (id, region, zone, stage, capacity, endpoint, state, provider, labels, version, created_at, updated_at) VALUES (@id, 'eu', 'eu-1', 'prod', 10, NULL, @state, 'static', '{}', '1', @now, @now);",
                        new { id, state, now = tx.NowText },
                        tx.Transaction);
                }

                await tx.Connection.ExecuteAsync(
                    "INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at) VALUES ('t1', 'c1', 1, 0, 1, @now, @now);",
                    new { now = tx.NowText },
                    tx.Transaction);
                return 0;
            },
            CancellationToken.None);

        var counts = await Store.ReadAsync(tx => _versions.GetCountsAsync(tx), CancellationToken.None);

        Assert.Equal(new StoreCounts(1, 1, 1), counts);
    }
}
