using System.Net;
using System.Net.Http.Json;
using Cellular.Cell.Ownership;
using Cellular.Cell.Tenancy;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Cell.Tests.Ownership;

/// <summary>The SDK's fence over an app whose write is held open mid-request, to watch the drain.</summary>
public sealed class TenantFenceDrainTests : IAsyncLifetime
{
    private readonly InMemoryTenantStore _store = new();
    private readonly TaskCompletionSource _writeEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _releaseWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestCell? _cell;
    private CellAdmin? _admin;

    private CellAdmin Admin => _admin!;

    public async Task InitializeAsync()
    {
        _cell = await TestCell.StartAsync(
            b => b.Services.AddCellular().AddTenantDataStore<InMemoryTenantStore>().AddTenantOwnershipStore<InMemoryTenantStore>().Services.AddSingleton(_store),
            app =>
            {
                app.MapPost("/slow", async (HttpContext context) =>
                {
                    var seq = _store.Write(context.GetTenantContext(), "slow");
                    _writeEntered.TrySetResult();
                    await _releaseWrite.Task;
                    return seq;
                }).RequireTenant();
                app.MapPost("/fast", (HttpContext context) => _store.Write(context.GetTenantContext(), "fast")).RequireTenant();
            });
        _admin = new CellAdmin(_cell.Client);
    }

    public async Task DisposeAsync()
    {
        _releaseWrite.TrySetResult();
        await _cell!.DisposeAsync();
    }

    [Fact]
    public async Task Fence_WriteInFlight_WaitsForItAndPositionIncludesIt()
    {
        using var before = await PostAsync("/fast", "acme");
        var slow = PostAsync("/slow", "acme");
        await _writeEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var fence = Admin.FenceAsync("acme", 1, timeoutMs: 10_000);
        await WaitForStateAsync("acme", TenantOwnershipState.Fenced);
        await Task.Delay(100);
        var fenceWaited = !fence.IsCompleted;
        using var refused = await PostAsync("/fast", "acme");
        _releaseWrite.SetResult();
        using var slowResponse = await slow;
        using var fenceResponse = await fence;

        Assert.True(fenceWaited, "The fence returned while a write of the tenant was still in flight.");
        Assert.Equal(HttpStatusCode.OK, slowResponse.StatusCode);
        Assert.Equal(2L, await slowResponse.Content.ReadFromJsonAsync<long>());
        Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
        var fenced = await CellAdmin.ReadAsync(fenceResponse, CellularJsonContext.Default.TenantFenceResult);
        Assert.Equal(new TenantFenceResult("acme", 1, 2, fenced.DrainMilliseconds), fenced);
        Assert.True(fenced.DrainMilliseconds >= 90, $"Drain took {fenced.DrainMilliseconds} ms.");
        Assert.Equal(2, (await Admin.GetAsync("acme")).Watermark);
    }

    [Fact]
    public async Task Fence_DrainTimesOut_Returns503AndTenantStaysFenced()
    {
        var slow = PostAsync("/slow", "acme");
        await _writeEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var fence = await Admin.FenceAsync("acme", 3, timeoutMs: 100);
        var view = await Admin.GetAsync("acme");
        _releaseWrite.SetResult();
        using var _ = await slow;

        var problem = await ProblemAssert.IsProblemAsync(fence, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("still in flight", problem.Detail, StringComparison.Ordinal);
        Assert.NotNull(fence.Headers.RetryAfter);
        Assert.Equal(TenantOwnershipState.Fenced, view.State);
        Assert.Equal(3, view.Epoch);
        Assert.Equal(1, view.InFlight);
    }

    [Fact]
    public async Task Fence_OtherTenantInFlight_DoesNotWait()
    {
        var slow = PostAsync("/slow", "other");
        await _writeEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var fence = await Admin.FenceAsync("acme", 1, timeoutMs: 100);

        Assert.Equal(HttpStatusCode.OK, fence.StatusCode);
        _releaseWrite.SetResult();
        using var _ = await slow;
    }

    [Fact]
    public async Task Moved_Request_Returns421WithOwnerHeaderBeforeTheApp()
    {
        await Admin.FencedAsync("acme", 4);
        using var moved = await Admin.MovedAsync("acme", "c2", 4);

        using var response = await PostAsync("/fast", "acme");

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MisdirectedRequest);
        Assert.Equal("c2", response.Headers.GetValues(CellularHeaders.TenantOwner).Single());
        Assert.Equal("c2", problem.Extensions["owner"]?.ToString());
        Assert.Equal(0, (await Admin.GetAsync("acme")).Rows);
    }

    [Fact]
    public async Task Write_FencedInStoreButCachedAsServing_RefusedByTheInTransactionCheck()
    {
        using var first = await PostAsync("/fast", "acme");

        // Another instance of the cell fenced the tenant: only the store knows.
        await _store.UpdateAsync("acme", _ => new TenantOwnership(TenantOwnershipState.Fenced, 2), CancellationToken.None);
        using var second = await PostAsync("/fast", "acme");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.MisdirectedRequest);
        Assert.Equal("acme", problem.Extensions["tenant"]?.ToString());
        Assert.Equal(1, (await Admin.GetAsync("acme")).Rows);
    }

    private async Task WaitForStateAsync(string tenant, TenantOwnershipState state)
    {
        for (var i = 0; i < 500 && (await Admin.GetAsync(tenant)).State != state; i++)
        {
            await Task.Delay(10);
        }
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-Tenant-Id", tenant);
        return await _cell!.Client.SendAsync(request);
    }
}
