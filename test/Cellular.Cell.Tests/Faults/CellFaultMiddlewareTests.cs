using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Cellular.Cell.Faults;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Cell.Tests.Faults;

public sealed class CellFaultMiddlewareTests : IAsyncLifetime
{
    private readonly FakeProcessTerminator _terminator = new();
    private TestCell? _cell;
    private CellAdmin? _admin;
    private int _appRuns;

    private CellAdmin Admin => _admin!;

    public async Task InitializeAsync()
    {
        _cell = await TestCell.StartAsync(
            b => b.Services.AddSingleton<ICellProcessTerminator>(_terminator),
            app => app.MapGet("/work", () =>
            {
                Interlocked.Increment(ref _appRuns);
                return "done";
            }));
        _admin = new CellAdmin(_cell.Client);
    }

    public async Task DisposeAsync() => await _cell!.DisposeAsync();

    [Fact]
    public async Task ErrorFault_MatchingTenant_AnswersStatusAsProblemWithoutRunningTheApp()
    {
        var fault = await Admin.FaultAsync(new { kind = "error", status = 503, durationSeconds = 60, tenants = new[] { "acme" } });

        using var hit = await SendAsync("acme");
        using var other = await SendAsync("other");
        using var none = await SendAsync(null);

        var problem = await ProblemAssert.IsProblemAsync(hit, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(CellFaultMiddleware.ProblemTitle, problem.Title);
        Assert.Equal(fault.Id, problem.Extensions["faultId"]?.ToString());
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(1, _appRuns);
    }

    [Fact]
    public async Task ErrorFault_AllTenants_NeverAppliesToCellContract()
    {
        await Admin.FaultAsync(new { kind = "error", status = 500, durationSeconds = 60 });

        using var app = await SendAsync("acme");
        var health = await Admin.Client.GetFromJsonAsync(new Uri("/_cell/health", UriKind.Relative), CellularJsonContext.Default.CellHealth);
        var faults = await Admin.Client.GetFromJsonAsync(new Uri("/_cell/faults", UriKind.Relative), CellularJsonContext.Default.ListCellFault);

        Assert.Equal(HttpStatusCode.InternalServerError, app.StatusCode);
        Assert.Equal("Healthy", health!.Status);
        Assert.Single(faults!);
        Assert.Equal(0, _appRuns);
    }

    [Fact]
    public async Task ErrorFault_RateZero_NeverHits()
    {
        await Admin.FaultAsync(new { kind = "error", durationSeconds = 60, rate = 0.0 });

        for (var i = 0; i < 20; i++)
        {
            using var response = await SendAsync("acme");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(20, _appRuns);
    }

    [Fact]
    public async Task ErrorFault_Deleted_AppServesAgain()
    {
        var fault = await Admin.FaultAsync(new { kind = "error", durationSeconds = 60 });
        using var before = await SendAsync("acme");

        using var deleted = await Admin.Client.DeleteAsync(new Uri($"/_cell/faults/{fault.Id}", UriKind.Relative));
        using var after = await SendAsync("acme");

        Assert.Equal(HttpStatusCode.InternalServerError, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task LatencyFault_DelaysTheRequestThenRunsTheApp()
    {
        // Warm the path first: a cold first request can take as long as the fault on a busy machine.
        using (var warm = await SendAsync("quick"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        await Admin.FaultAsync(new { kind = "latency", latencyMs = 1000, durationSeconds = 60, tenants = new[] { "slow" } });

        var slow = Stopwatch.StartNew();
        var delayedTask = SendAsync("slow");
        using var quick = await SendAsync("quick");
        var quickDoneBeforeSlow = !delayedTask.IsCompleted;
        using var delayed = await delayedTask;
        slow.Stop();

        Assert.Equal(HttpStatusCode.OK, delayed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
        Assert.True(slow.Elapsed >= TimeSpan.FromMilliseconds(950), $"The request took {slow.Elapsed}.");
        Assert.True(quickDoneBeforeSlow, "The unaffected tenant's request waited for the delayed one.");
        Assert.Equal(3, _appRuns);
    }

    [Fact]
    public async Task AbortFault_ResetsTheConnectionWithoutRunningTheApp()
    {
        await Admin.FaultAsync(new { kind = "abort", durationSeconds = 60 });

        await Assert.ThrowsAnyAsync<Exception>(() => SendAsync("acme"));

        Assert.Equal(0, _appRuns);
    }

    [Fact]
    public async Task CrashFault_PoisonTenant_TerminatesTheProcessOnlyForThatTenant()
    {
        var fault = await Admin.FaultAsync(new { kind = "crash", durationSeconds = 60, tenants = new[] { "poison" } });

        using var healthy = await SendAsync("fine");
        await Assert.ThrowsAnyAsync<Exception>(() => SendAsync("poison"));

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        var reason = Assert.Single(_terminator.Reasons);
        Assert.Contains(fault.Id, reason, StringComparison.Ordinal);
        Assert.Contains("poison", reason, StringComparison.Ordinal);
        Assert.Equal(1, _appRuns);
    }

    private async Task<HttpResponseMessage> SendAsync(string? tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        return await _cell!.Client.SendAsync(request);
    }
}
