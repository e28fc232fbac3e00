using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Cellular.Core;
using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Router;
using Cellular.Router.Extraction;
using Cellular.Router.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Cellular.Benchmarks.Tracing;

/// <summary>
/// What tracing adds to one routed request in the router, with tracing off (no listener: what the
/// router ships), on with every trace kept (parent-based, ratio 1, exported in batches to an
/// exporter that discards), and on with no new trace kept (ratio 0). Each operation is the tracing
/// work of one request: the checks the request path always makes, and when something listens,
/// the <c>cellular.route</c> span (continuing the client's <c>traceparent</c>, tagged with cell,
/// tenant, rule, table version, epoch, outcome and status) plus a child client span with the
/// W3C context written into the outgoing headers, standing for the HTTP client's span of the call
/// to the cell (the real one is made by <c>System.Net.Http</c> and costs about the same).
/// The forwarding itself is not included: see the load comparison for whole requests.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RouteTracingBenchmarks
{
    private static readonly ActivitySource CallSource = new("Cellular.Benchmarks.Call");

    private TracerProvider? _provider;
    private HttpContext _context = null!;
    private RoutingTable _table = null!;
    private TenantKey _key;
    private RouteResult _route;
    private HeaderDictionary _outgoing = null!;

    /// <summary><c>off</c> (no listener), <c>sampled</c> (ratio 1) or <c>unsampled</c> (ratio 0).</summary>
    [Params("off", "sampled", "unsampled")]
    public string Tracing { get; set; } = "off";

    [GlobalSetup]
    public void Setup()
    {
        _table = RoutingTable.FromSnapshot(new RoutingTableSnapshot(
            RoutingTableSnapshot.CurrentFormat,
            42,
            DateTimeOffset.UnixEpoch,
            FallbackSpec.Reject,
            [new CellRouteSpec("c1", "http://127.0.0.1:9", CellState.Active)],
            [new TenantRouteSpec("tenant-00000042", "c1", 7, false)]));
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/notes/17";
        context.Request.Headers[CellularHeaders.TenantId] = "tenant-00000042";
        context.Response.StatusCode = 200;
        _context = context;
        _key = new TenantKeyExtractor(Options.Create(new RouterOptions())).Extract(context.Request);
        _route = _table.Lookup(_key.Span);
        _outgoing = new HeaderDictionary();

        if (Tracing != "off")
        {
            _provider = Sdk.CreateTracerProviderBuilder()
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Tracing == "sampled" ? 1.0 : 0.0)))
                .AddSource(RouterTracing.SourceName, CallSource.Name)
                .AddProcessor(new BatchActivityExportProcessor(new DiscardExporter()))
                .Build();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _provider?.Dispose();

    [Benchmark]
    public bool TracingWorkOfOneRequest()
    {
        if (!RouterTracing.Enabled)
        {
            // What the request path runs with tracing off: the hooks' listener checks.
            RouterTracing.Routed(_key, _table, _route);
            RouterTracing.Finished("c1", RequestOutcome.Success);
            return false;
        }

        using var route = RouterTracing.StartRoute(_context);
        RouterTracing.Routed(_key, _table, _route);
        using (var call = CallSource.StartActivity("GET", ActivityKind.Client))
        {
            if (call is not null)
            {
                DistributedContextPropagator.Current.Inject(call, _outgoing, static (carrier, name, value) => ((HeaderDictionary)carrier!)[name] = value);
            }
        }

        RouterTracing.Finished("c1", RequestOutcome.Success);
        if (route is not null)
        {
            RouterTracing.Answered(route, 200);
        }

        return route is not null;
    }

    private sealed class DiscardExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }
}
