using System.Net;
using Cellular.Core;
using Cellular.Router.Containment;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Containment;

/// <summary>One tenant cannot take down its cell-mates: the cell's circuit opens only on failures that are the cell's.</summary>
public sealed class TenantFailureSpreadTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);
    private Microsoft.AspNetCore.Builder.WebApplication _cell = null!;
    private string _cellUrl = "";

    public async Task InitializeAsync()
    {
        (_cell, _cellUrl) = await TestServer.StartAsync(context =>
        {
            var tenant = context.Request.Headers[CellularHeaders.TenantId].ToString();
            bool fail;
            lock (_failing)
            {
                fail = _failing.Contains(tenant);
            }

            context.Response.StatusCode = fail ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            return context.Response.WriteAsync(fail ? "boom" : "ok");
        });
    }

    public async Task DisposeAsync()
    {
        await _cell.StopAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task Circuit_OneTenantGets500s_CellMatesKeepFullSuccess()
    {
        Fail("noisy");
        await using var router = await StartRouterAsync();

        var calmOk = 0;
        for (var i = 0; i < 60; i++)
        {
            using var noisy = await router.Client.SendAsync(Http.Get("/", "noisy"));
            Assert.Equal(HttpStatusCode.InternalServerError, noisy.StatusCode);
            if (i % 6 == 0)
            {
                using var calm = await router.Client.SendAsync(Http.Get("/", "calm"));
                calmOk += calm.StatusCode == HttpStatusCode.OK ? 1 : 0;
            }
        }

        Assert.Equal(10, calmOk);
        Assert.Equal(CircuitStatus.Closed, Circuit(router).Status);
    }

    [Fact]
    public async Task Circuit_SeveralTenantsGet500s_Opens()
    {
        Fail("noisy");
        Fail("calm");
        await using var router = await StartRouterAsync();

        for (var i = 0; i < 30 && Circuit(router).Status == CircuitStatus.Closed; i++)
        {
            (await router.Client.SendAsync(Http.Get("/", i % 2 == 0 ? "noisy" : "calm"))).Dispose();
        }

        Assert.Equal(CircuitStatus.Open, Circuit(router).Status);
    }

    [Fact]
    public async Task Circuit_OnlyOneTenantTalksToTheCellAndItFails_Opens()
    {
        Fail("noisy");
        await using var router = await StartRouterAsync();

        for (var i = 0; i < 30 && Circuit(router).Status == CircuitStatus.Closed; i++)
        {
            (await router.Client.SendAsync(Http.Get("/", "noisy"))).Dispose();
        }

        Assert.Equal(CircuitStatus.Open, Circuit(router).Status);
    }

    [Fact]
    public async Task Circuit_ClientErrors_NeverCountAsFailures()
    {
        await using var router = await StartRouterAsync();
        var (badCell, badUrl) = await TestServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        });
        await using var _ = badCell;
        router.Apply(Create(2, [Cell("c1", badUrl)], [Tenant("noisy", "c1"), Tenant("calm", "c1")]));

        for (var i = 0; i < 40; i++)
        {
            (await router.Client.SendAsync(Http.Get("/", i % 2 == 0 ? "noisy" : "calm"))).Dispose();
        }

        Assert.Equal(CircuitStatus.Closed, Circuit(router).Status);
    }

    private void Fail(string tenant)
    {
        lock (_failing)
        {
            _failing.Add(tenant);
        }
    }

    private static CellCircuit Circuit(RouterHost router) => router.Holder.State.Targets.Single(t => t.Cell.Id == "c1").Guard.Circuit;

    private async Task<RouterHost> StartRouterAsync()
    {
        var router = await RouterHost.StartAsync(time: _time);
        router.Apply(Create(1, [Cell("c1", _cellUrl)], [Tenant("noisy", "c1"), Tenant("calm", "c1")]));
        return router;
    }
}
