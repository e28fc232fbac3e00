using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>
/// <see cref="LeaseStore"/> on every provider: one owner at a time, tokens that only grow, renewal,
/// release, expiry. SQLite's clock is the store's (the fake one here), PostgreSQL's the database's,
/// so expiry is waited for on both: the fake clock is moved and real time is let pass.
/// </summary>
public abstract class LeaseStoreConformanceTests : StoreConformanceTest
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private LeaseStore _leases = null!;

    private protected LeaseStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _leases = new LeaseStore(Options.Create(new StoreOptions { Provider = Store.Provider }));
        await Store.WriteAsync(tx => _leases.EnsureTableAsync(tx), CancellationToken.None);
    }

    [Fact]
    public async Task TryClaimAsync_HeldByAnother_IsRefused_AfterExpiry_TheTokenGrows()
    {
        var first = await ClaimAsync("migration:mig-1", "replica-a", Short);
        var refused = await ClaimAsync("migration:mig-1", "replica-b", Long);

        await ExpireAsync();
        var second = await ClaimAsync("migration:mig-1", "replica-b", Long);

        Assert.Equal(new Lease("migration:mig-1", "replica-a", 1), first);
        Assert.Null(refused);
        Assert.Equal(new Lease("migration:mig-1", "replica-b", 2), second);
        Assert.False(await HeldAsync(first!));
        Assert.True(await HeldAsync(second!));
    }

    [Fact]
    public async Task RenewAsync_WhileHeld_KeepsIt_OnceExpired_IsFinal()
    {
        var lease = (await ClaimAsync("singleton:scheduler", "replica-a", Short))!;

        var renewed = await Store.WriteAsync(tx => _leases.RenewAsync(tx, lease, Long), CancellationToken.None);
        await ExpireAsync();
        var stillHeld = await HeldAsync(lease);
        var other = (await ClaimAsync("singleton:health", "replica-a", Short))!;
        await ExpireAsync();
        var late = await Store.WriteAsync(tx => _leases.RenewAsync(tx, other, Long), CancellationToken.None);

        Assert.True(renewed);
        Assert.True(stillHeld);
        Assert.False(late);
        Assert.False(await HeldAsync(other));
    }

    [Fact]
    public async Task ReleaseAsync_FreesAtOnce_AndTheNextClaimGetsAHigherToken()
    {
        var lease = (await ClaimAsync("deployment:dep-1", "replica-a", Long))!;

        await Store.WriteAsync(tx => _leases.ReleaseAsync(tx, lease), CancellationToken.None);
        var next = await ClaimAsync("deployment:dep-1", "replica-b", Long);

        Assert.False(await HeldAsync(lease));
        Assert.Equal(new Lease("deployment:dep-1", "replica-b", 2), next);
    }

    [Fact]
    public async Task ListHeldAsync_ByPrefix_OnlyUnexpiredOnes()
    {
        await ClaimAsync("migration:mig-1", "replica-a", Long);
        await ClaimAsync("migration:mig-2", "replica-b", Short);
        await ClaimAsync("deployment:dep-1", "replica-a", Long);
        await ExpireAsync();

        var held = await Store.WriteAsync(tx => _leases.ListHeldAsync(tx, "migration:"), CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["migration:mig-1"] = "replica-a" }, held);
    }

    [Fact]
    public async Task RequestInterruptAsync_OnAHeldLease_IsSeenByItsHolder_AndTheNextClaimIsReservedForTheAsker()
    {
        var lease = (await ClaimAsync("migration:mig-1", "replica-a", Long))!;
        var before = await InterruptRequestedAsync(lease);

        var asked = await Store.WriteAsync(tx => _leases.RequestInterruptAsync(tx, "migration:mig-1", "replica-b", Long), CancellationToken.None);
        var seen = await InterruptRequestedAsync(lease);
        await Store.WriteAsync(tx => _leases.ReleaseAsync(tx, lease), CancellationToken.None);
        var listed = await Store.WriteAsync(tx => _leases.ListHeldAsync(tx, "migration:"), CancellationToken.None);
        var other = await ClaimAsync("migration:mig-1", "replica-c", Long);
        var back = await ClaimAsync("migration:mig-1", "replica-a", Long);
        var asker = (await ClaimAsync("migration:mig-1", "replica-b", Long))!;

        Assert.Equal((false, true, true), (before, asked, seen));
        Assert.Equal(new Dictionary<string, string> { ["migration:mig-1"] = "replica-b" }, listed);
        Assert.Null(other);
        Assert.Null(back);
        Assert.Equal(new Lease("migration:mig-1", "replica-b", 2), asker);
        Assert.False(await InterruptRequestedAsync(asker));
    }

    [Fact]
    public async Task RequestInterruptAsync_NotHeld_AsksNobody_AndAnExpiredReservationLetsAnyoneClaim()
    {
        var free = await Store.WriteAsync(tx => _leases.RequestInterruptAsync(tx, "migration:none", "replica-b", Long), CancellationToken.None);
        var lease = (await ClaimAsync("migration:mig-1", "replica-a", Long))!;
        await Store.WriteAsync(tx => _leases.RequestInterruptAsync(tx, "migration:mig-1", "replica-b", Short), CancellationToken.None);
        await Store.WriteAsync(tx => _leases.ReleaseAsync(tx, lease), CancellationToken.None);

        await ExpireAsync();
        var expired = await InterruptRequestedAsync(lease);
        var other = await ClaimAsync("migration:mig-1", "replica-c", Long);

        Assert.False(free);
        Assert.False(expired);
        Assert.Equal(new Lease("migration:mig-1", "replica-c", 2), other);
    }

    private Task<bool> InterruptRequestedAsync(Lease lease) =>
        Store.WriteAsync(tx => _leases.IsInterruptRequestedAsync(tx, lease), CancellationToken.None);

    private Task<Lease?> ClaimAsync(string name, string owner, TimeSpan ttl) =>
        Store.WriteAsync(tx => _leases.TryClaimAsync(tx, name, owner, ttl), CancellationToken.None);

    private Task<bool> HeldAsync(Lease lease) =>
        Store.WriteAsync(tx => _leases.IsHeldAsync(tx, lease), CancellationToken.None);

    private async Task ExpireAsync()
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(Short + TimeSpan.FromMilliseconds(200));
    }
}
