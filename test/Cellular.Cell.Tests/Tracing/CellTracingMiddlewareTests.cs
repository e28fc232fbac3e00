using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Cellular.Cell.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Cellular.Cell.Tests.Tracing;

/// <summary>The cell's server span continues the caller's trace and carries the cell and the tenant the router asserted.</summary>
public sealed class CellTracingMiddlewareTests : IAsyncLifetime, IDisposable
{
    private readonly ActivityTraceId _traceId = ActivityTraceId.CreateRandom();
    private readonly ActivitySpanId _callerSpan = ActivitySpanId.CreateRandom();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private TestCell? _cell;

    public CellTracingMiddlewareTests()
    {
        // Only this test's trace is sampled: other tests' requests in the process stay untraced.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == _traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task InitializeAsync() =>
        _cell = await TestCell.StartAsync(map: app => app.MapGet("/hello", () => "hi"), cellId: "c5");

    public async Task DisposeAsync() => await _cell!.DisposeAsync();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task AssertedTenantRequest_ServerSpanCarriesCellTenantAndEpoch()
    {
        using var request = Request();

        using var response = await _cell!.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var span = Assert.Single(_stopped);
        Assert.Equal(_traceId, span.TraceId);
        Assert.Equal(_callerSpan, span.ParentSpanId);
        Assert.Equal("c5", span.GetTagItem("cell.id"));
        Assert.Equal("t1", span.GetTagItem("tenant.id"));
        Assert.Equal(3L, span.GetTagItem("cellular.tenant.epoch"));
    }

    [Fact]
    public async Task RequestWithoutAssertion_RefusedAndItsSpanNamesNoTenant()
    {
        using var request = Request();
        using var raw = _cell!.CreateRawClient();

        using var response = await raw.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var span = Assert.Single(_stopped);
        Assert.Null(span.GetTagItem("tenant.id"));
    }

    private HttpRequestMessage Request()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/hello");
        request.Headers.Add("X-Tenant-Id", "t1");
        request.Headers.Add("X-Tenant-Epoch", "3");
        request.Headers.Add("traceparent", $"00-{_traceId}-{_callerSpan}-01");
        return request;
    }
}
