using System.Diagnostics;
using System.Net;
using Cellular.Core.Model;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Http;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Tracing;

/// <summary>The router's span per request: its tags, its parent, and the trace context it sends the cell.</summary>
public sealed class RouteSpanTests : IAsyncLifetime
{
    private BackendServer _cell1 = null!;
    private RouterHost _router = null!;

    public async Task InitializeAsync()
    {
        _cell1 = await BackendServer.StartAsync("c1");
        _router = await RouterHost.StartAsync();
        _router.Apply(Create(
            42,
            [Cell("c1", _cell1.Url), Cell("sick", _cell1.Url, CellState.Unhealthy)],
            [Tenant("acme", "c1", epoch: 7), Tenant("initech", "sick")]));
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _cell1.DisposeAsync();
    }

    [Fact]
    public async Task Forwarded_ClientTraceParent_RouteSpanContinuesItAndParentsTheCallToTheCell()
    {
        using var spans = new SpanRecorder();
        using var request = Get("/notes", tenant: "acme");
        request.Headers.Add("traceparent", spans.TraceParent);
        request.Headers.Add("tracestate", "vendor=1");

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var route = spans.RouteSpan();
        Assert.Equal("cellular.route", route.OperationName);
        Assert.Equal(ActivityKind.Server, route.Kind);
        Assert.Equal(spans.TraceId, route.TraceId);
        Assert.Equal(spans.ClientSpanId, route.ParentSpanId);
        Assert.Equal("vendor=1", route.TraceStateString);
        Assert.Equal("c1", route.GetTagItem("cell.id"));
        Assert.Equal("acme", route.GetTagItem("tenant.id"));
        Assert.Equal("assignment", route.GetTagItem("cellular.route.rule"));
        Assert.Equal(42L, route.GetTagItem("cellular.table.version"));
        Assert.Equal(7L, route.GetTagItem("cellular.tenant.epoch"));
        Assert.Equal("success", route.GetTagItem("cellular.outcome"));
        Assert.Equal(200, route.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, route.Status);

        // The cell is called from inside the route span, and gets that call's context, not the client's.
        var call = Assert.Single(spans.Stopped, a => a.Source.Name == "System.Net.Http");
        Assert.Equal(route.SpanId, call.ParentSpanId);
        var seen = Assert.Single(_cell1.Requests);
        Assert.Equal($"00-{spans.TraceId}-{call.SpanId}-01", seen.Header("traceparent"));
        Assert.Equal("vendor=1", seen.Header("tracestate"));
    }

    [Fact]
    public async Task UnknownTenant_RouteSpanSaysNoRouteAndNamesNoCell()
    {
        using var spans = new SpanRecorder();
        using var request = Get("/notes", tenant: "nobody");
        request.Headers.Add("traceparent", spans.TraceParent);

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var route = spans.RouteSpan();
        Assert.Equal("nobody", route.GetTagItem("tenant.id"));
        Assert.Equal("none", route.GetTagItem("cellular.route.rule"));
        Assert.Equal("no_route", route.GetTagItem("cellular.outcome"));
        Assert.Null(route.GetTagItem("cell.id"));
        Assert.Equal(ActivityStatusCode.Unset, route.Status);
        Assert.Empty(_cell1.Requests);
    }

    [Fact]
    public async Task CellNotServing_RouteSpanIsAnErrorNamingTheCell()
    {
        using var spans = new SpanRecorder();
        using var request = Get("/notes", tenant: "initech");
        request.Headers.Add("traceparent", spans.TraceParent);

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var route = spans.RouteSpan();
        Assert.Equal("sick", route.GetTagItem("cell.id"));
        Assert.Equal("cell_down", route.GetTagItem("cellular.outcome"));
        Assert.Equal(ActivityStatusCode.Error, route.Status);
    }

    [Fact]
    public async Task NotSampled_NoSpanAndTheClientsContextPassesThroughUntouched()
    {
        using var spans = new SpanRecorder();
        using var request = Get("/notes", tenant: "acme");
        var other = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";
        request.Headers.Add("traceparent", other);

        using var response = await _router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(spans.Stopped);
        Assert.Equal(other, Assert.Single(_cell1.Requests).Header("traceparent"));
    }
}
