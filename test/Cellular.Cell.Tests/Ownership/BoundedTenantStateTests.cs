using System.Net;
using Cellular.Cell.Ownership;
using Cellular.Cell.Tenancy;
using Cellular.Cell.TenantData;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Tests.Ownership;

/// <summary>Per-tenant state of the SDK stays bounded however many distinct tenant ids arrive.</summary>
[Collection(SerialCollection.Name)]
public sealed class BoundedTenantStateTests
{
    private const int CacheSize = 1_000;

    [Fact]
    public async Task HundredThousandUnknownTenants_StateAndMemoryStayFlat()
    {
        var store = new InMemoryTenantStore();
        await using var cell = await TestCell.StartAsync(
            b =>
            {
                b.Configuration["Cellular:Cell:TenantState:OwnershipCacheSize"] = CacheSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                b.Services.AddSingleton(store).AddCellular().AddTenantDataStore<InMemoryTenantStore>().AddTenantOwnershipStore<InMemoryTenantStore>();
            },
            app => app.MapGet("/work", (HttpContext context) => context.GetRequiredTenantId()).RequireTenant());
        var cache = cell.App.Services.GetRequiredService<TenantOwnershipCache>();
        var activity = cell.App.Services.GetRequiredService<TenantActivity>();
        var locks = cell.App.Services.GetRequiredService<TenantAdminLocks>();

        await SendDistinctTenantsAsync(cell, 0, 10_000);
        var before = SettledMemory();
        await SendDistinctTenantsAsync(cell, 10_000, 100_000);
        var after = SettledMemory();

        Assert.InRange(cache.Count, 1, CacheSize);
        Assert.Equal(0, activity.TrackedTenants);
        Assert.Equal(0, locks.Count);
        Assert.True(after - before < 8 * 1024 * 1024, $"Managed memory grew by {(after - before) / 1024} KiB over 90,000 new tenant ids.");
    }

    [Fact]
    public async Task Cache_FloodOfNewTenants_KeepsTheTenantInUse()
    {
        var store = new CountingStore();
        var cache = new TenantOwnershipCache(Options.Create(new CellTenantStateOptions { OwnershipCacheSize = 100 }), store);
        await cache.GetAsync("hot", CancellationToken.None);

        for (var i = 0; i < 10_000; i++)
        {
            await cache.GetAsync($"cold-{i}", CancellationToken.None);
            await cache.GetAsync("hot", CancellationToken.None);
        }

        Assert.InRange(cache.Count, 1, 100);
        Assert.Equal(1, store.Reads["hot"]);
    }

    [Fact]
    public async Task Cache_SetAfterEviction_IsWhatTheNextReadSees()
    {
        var store = new CountingStore();
        var cache = new TenantOwnershipCache(Options.Create(new CellTenantStateOptions { OwnershipCacheSize = 16 }), store);
        cache.Set("acme", new TenantOwnership(Cellular.Core.Api.TenantOwnershipState.Fenced, 3));
        for (var i = 0; i < 100; i++)
        {
            await cache.GetAsync($"cold-{i}", CancellationToken.None);
        }

        store.Records["acme"] = new TenantOwnership(Cellular.Core.Api.TenantOwnershipState.Fenced, 3);
        var acme = await cache.GetAsync("acme", CancellationToken.None);

        Assert.Equal(new TenantOwnership(Cellular.Core.Api.TenantOwnershipState.Fenced, 3), acme);
        Assert.InRange(cache.Count, 1, 16);
    }

    [Fact]
    public async Task AdminLocks_AfterUse_HoldNothingAndStillExclude()
    {
        var locks = new TenantAdminLocks();
        for (var i = 0; i < 1_000; i++)
        {
            using var held = await locks.AcquireAsync($"t{i}", CancellationToken.None);
        }

        var first = await locks.AcquireAsync("acme", CancellationToken.None);
        var second = locks.AcquireAsync("acme", CancellationToken.None);
        var waited = !second.IsCompleted;
        first.Dispose();
        (await second).Dispose();

        Assert.True(waited);
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task Activity_LastRequestOut_RetiresCounterAndDrainStillWaitsForInFlight()
    {
        var activity = new TenantActivity(TimeProvider.System);
        var first = activity.Enter("acme");
        var second = activity.Enter("acme");
        activity.Exit("acme", first);
        var drain = activity.WaitDrainedAsync("acme", TimeSpan.FromSeconds(10), CancellationToken.None);
        var waited = !drain.IsCompleted;
        activity.Exit("acme", second);

        Assert.True(waited);
        Assert.True(await drain);
        Assert.Equal(0, activity.TrackedTenants);
        Assert.Equal(0, activity.InFlight("acme"));
        var again = activity.Enter("acme");
        Assert.Equal(1, activity.InFlight("acme"));
        activity.Exit("acme", again);
        Assert.Equal(0, activity.TrackedTenants);
    }

    private static async Task SendDistinctTenantsAsync(TestCell cell, int from, int to)
    {
        using var raw = cell.CreateRawClient();
        const int Workers = 8;
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < to)
            {
                var tenant = $"unknown-{i}";
                using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
                request.Headers.Add(CellularHeaders.TenantId, tenant);
                request.Headers.Add(CellularHeaders.TenantEpoch, "0");
                request.Headers.Add(CellularHeaders.TenantAssertion, cell.Signer.Assertion(tenant, 0));
                using var response = await raw.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>An ownership store that knows no tenant unless told, and counts reads.</summary>
    private sealed class CountingStore : ITenantOwnershipStore
    {
        public Dictionary<string, int> Reads { get; } = [];

        public Dictionary<string, TenantOwnership> Records { get; } = [];

        public Task<TenantOwnership?> GetAsync(string tenant, CancellationToken cancellationToken)
        {
            Reads[tenant] = Reads.GetValueOrDefault(tenant) + 1;
            return Task.FromResult(Records.GetValueOrDefault(tenant));
        }

        public Task<TenantOwnership> UpdateAsync(string tenant, Func<TenantOwnership, TenantOwnership> change, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
