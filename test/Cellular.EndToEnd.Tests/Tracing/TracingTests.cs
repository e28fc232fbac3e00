using System.Diagnostics;
using System.Net;
using Cellular.Core.Api;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests.Tracing;

/// <summary>
/// Traces of a real stack exported over OTLP/HTTP to a test collector: the control plane and the
/// router are given the collector's address, the control plane hands it to the cells it starts.
/// </summary>
public sealed class TracingTests(TracedStack traced) : IClassFixture<TracedStack>
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(40);

    private readonly OtlpReceiver _collector = traced.Collector;
    private readonly Stack _stack = traced.Stack;

    [Fact]
    public async Task Request_ThroughRouter_RouterAndCellSpansShareOneTraceWithCellAndTenant()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "traced", cell: "c1")).Single().Id;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var clientSpan = ActivitySpanId.CreateRandom().ToHexString();
        using var request = Stack.ForTenant(HttpMethod.Post, "/notes", tenant, new { text = "traced" });
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{clientSpan}-01");

        using var response = await _stack.Router.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"the write answered {(int)response.StatusCode}");

        var hops = await _collector.WaitForAsync(
            spans => FindHops(spans, traceId),
            ExportWait,
            $"the router's and cell c1's spans of trace {traceId}");
        var (route, call, cell) = (hops[0], hops[1], hops[2]);

        // The router continues the client's trace, names the cell, tenant, rule and table version.
        Assert.Equal("cellular-router", route.Service);
        Assert.Equal(clientSpan, route.ParentSpanId);
        Assert.Equal(ReceivedSpan.ServerKind, route.Kind);
        Assert.Equal("c1", route.Attribute("cell.id"));
        Assert.Equal(tenant, route.Attribute("tenant.id"));
        Assert.Equal("assignment", route.Attribute("cellular.route.rule"));
        Assert.True(long.Parse(route.Attribute("cellular.table.version") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0);

        // Its call to the cell is its child, and the cell's server span is the call's child.
        Assert.Equal(route.SpanId, call.ParentSpanId);
        Assert.Equal(call.SpanId, cell.ParentSpanId);
        Assert.Equal("c1", cell.Attribute("cell.id"));
        Assert.Equal(tenant, cell.Attribute("tenant.id"));
        Assert.Equal("c1", cell.Resource.GetValueOrDefault("service.instance.id"));

        // A request without trace context starts a trace at the router, which the cell joins.
        using var plain = await _stack.ReadNotesAsync(tenant);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        await _collector.WaitForAsync(
            spans => spans.FirstOrDefault(r => r.Name == "cellular.route" && r.ParentSpanId.Length == 0 && r.Attribute("tenant.id") == tenant
                && spans.Any(c => c.TraceId == r.TraceId && c.Service == "Notes" && c.Attribute("tenant.id") == tenant)),
            ExportWait,
            "a trace started by the router and joined by the cell");
    }

    [Fact]
    public async Task Migration_EachPhaseIsASpanUnderTheMigrationsSpan_AndTheCellsCallsJoinIt()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "moving", cell: "c1")).Single().Id;
        var done = await MigrationTests.MoveAsync(_stack, tenant, "c2");
        Assert.Equal(MigrationState.Complete, done.State);

        var migration = await _collector.WaitForAsync(
            spans => spans.FirstOrDefault(s => s.Name == "migration" && s.Attribute("migration.id") == done.Id),
            ExportWait,
            $"the span of migration {done.Id}");
        Assert.Equal("cellular-control-plane", migration.Service);
        Assert.Equal("Complete", migration.Attribute("cellular.outcome"));
        Assert.Equal(tenant, migration.Attribute("tenant.id"));
        Assert.Equal("c1", migration.Attribute("cell.id"));
        Assert.Equal("c2", migration.Attribute("cellular.migration.target"));

        string[] phases = ["migration.copying", "migration.catchingup", "migration.verifying"];
        var found = await _collector.WaitForAsync(
            spans =>
            {
                var children = spans.Where(s => s.TraceId == migration.TraceId && s.ParentSpanId == migration.SpanId).ToList();
                return phases.All(p => children.Any(c => c.Name == p)) ? children : null;
            },
            ExportWait,
            $"the phase spans {string.Join(", ", phases)} of migration {done.Id}");
        Assert.All(found, phase =>
        {
            Assert.Equal(done.Id, phase.Attribute("migration.id"));
            Assert.Equal(tenant, phase.Attribute("tenant.id"));
            Assert.NotEqual("interrupted", phase.Attribute("cellular.outcome"));
        });

        // The phases' calls to the cells carry the trace: the cells' spans of the export are in it.
        await _collector.WaitForAsync(
            spans => spans.FirstOrDefault(s => s.TraceId == migration.TraceId && s.Service == "Notes" && s.Kind == ReceivedSpan.ServerKind),
            ExportWait,
            "a cell's server span in the migration's trace");
    }

    /// <summary>The router's span, its call to the cell and the cell's server span of <paramref name="traceId"/>, once all arrived.</summary>
    private static ReceivedSpan[]? FindHops(IReadOnlyList<ReceivedSpan> spans, string traceId)
    {
        var route = spans.FirstOrDefault(s => s.TraceId == traceId && s.Name == "cellular.route");
        var call = spans.FirstOrDefault(s => s.TraceId == traceId && s.Service == "cellular-router" && s.Kind == ReceivedSpan.ClientKind);
        var cell = spans.FirstOrDefault(s => s.TraceId == traceId && s.Service == "Notes" && s.Kind == ReceivedSpan.ServerKind);
        return route is null || call is null || cell is null ? null : [route, call, cell];
    }
}
