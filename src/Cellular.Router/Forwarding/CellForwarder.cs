using System.Globalization;
using Cellular.Core;
using Cellular.Core.Routing;
using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Routing;
using Cellular.Router.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding;

/// <summary>
/// The request path: tenant key → routing table → cell state → circuit → tenant rate limit →
/// cell concurrency cap → YARP direct forwarding with the cell's own timeout. Reads the table
/// once per request, takes no locks of its own and never calls the control plane. Whatever the
/// router answers itself (bad key, unknown tenant, cell not serving, failing, overloaded or not
/// answering, tenant over its rate) is problem+json and nothing is forwarded. Every request is
/// counted, once, in the metrics and the per-second statistics. A tenant only ever goes to the
/// cell the table names.
/// </summary>
internal sealed partial class CellForwarder
{
    /// <summary>How long a shed request is told to wait: in-flight requests finish fast, so soon.</summary>
    public static readonly TimeSpan ShedRetryAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan _notAnsweringRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly PathString _root = new("/");

    private readonly TenantKeyExtractor _extractor;
    private readonly RoutingTableHolder _holder;
    private readonly IHttpForwarder _forwarder;
    private readonly CellTransformer _transformer;
    private readonly ObjectPool<RoutedRequest> _pool;
    private readonly TenantRateLimiter _tenantLimiter;
    private readonly RequestRecorder _recorder;
    private readonly TimeSpan _notServingRetryAfter;
    private readonly TimeProvider _time;
    private readonly long _logInterval;
    private readonly ILogger<CellForwarder> _logger;

    /// <summary>Creates the forwarder.</summary>
    public CellForwarder(
        TenantKeyExtractor extractor,
        RoutingTableHolder holder,
        IHttpForwarder forwarder,
        CellTransformer transformer,
        ObjectPool<RoutedRequest> pool,
        TenantRateLimiter tenantLimiter,
        RequestRecorder recorder,
        IOptions<RouterOptions> options,
        TimeProvider time,
        ILogger<CellForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _extractor = extractor;
        _holder = holder;
        _forwarder = forwarder;
        _transformer = transformer;
        _pool = pool;
        _tenantLimiter = tenantLimiter;
        _recorder = recorder;
        _notServingRetryAfter = TimeSpan.FromSeconds(options.Value.RetryAfterSeconds);
        _time = time;
        _logInterval = 5 * time.TimestampFrequency;
        _logger = logger;
    }

    /// <summary>Routes and forwards one request, or answers it with a problem.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var start = _time.GetTimestamp();
        var key = _extractor.Extract(context.Request);
        if (key.Status != TenantKeyStatus.Found)
        {
            _recorder.Finished(null, RequestOutcome.NoRoute, start, default);
            return key.Status == TenantKeyStatus.Missing
                ? ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Missing tenant key", _extractor.MissingKeyDetail)
                : ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid tenant key", TenantKeyExtractor.DescribeInvalid(key));
        }

        var state = _holder.State;
        var table = state.Table;
        var route = table.Lookup(key.Span);
        if (!route.Found)
        {
            _recorder.Finished(null, RequestOutcome.NoRoute, start, key.Span);
            return NotFoundAsync(context, key, table);
        }

        var target = state.Targets[route.CellIndex];
        var guard = target.Guard;
        if (!target.IsServing)
        {
            _recorder.Finished(guard, RequestOutcome.CellDown, start, key.Span);
            return NotServingAsync(context, key, table, route, target.Cell);
        }

        // Cheapest refusal first, before the request spends a tenant token or a cell slot.
        if (guard.Circuit.IsRefusing(start, out var wait))
        {
            _recorder.Finished(guard, RequestOutcome.CircuitOpen, start, key.Span);
            return CircuitOpenAsync(context, key, table, route, guard, wait);
        }

        if (_tenantLimiter.Enabled && !_tenantLimiter.TryAcquire(key, table, start, out wait))
        {
            _recorder.Finished(guard, RequestOutcome.RateLimited, start, key.Span);
            return RateLimitedAsync(context, key, table, route, guard, wait);
        }

        if (!guard.TryEnter())
        {
            if (guard.ShouldLogShed(start, _logInterval))
            {
                Log.Shedding(_logger, guard.CellId, guard.Limits.ConcurrencyLimit);
            }

            _recorder.Finished(guard, RequestOutcome.Shed, start, key.Span);
            return ShedAsync(context, key, table, route, guard);
        }

        // Last, so a half-open probe is only granted to a request that will really be sent.
        var permit = guard.Circuit.TryPass(start, out wait);
        if (permit == CircuitPermit.Refused)
        {
            guard.Exit();
            _recorder.Finished(guard, RequestOutcome.CircuitOpen, start, key.Span);
            return CircuitOpenAsync(context, key, table, route, guard, wait);
        }

        return ForwardAsync(context, key, table, route, target.Connection!, guard, permit, start);
    }

    private async Task ForwardAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, CellConnection connection, CellGuard guard, CircuitPermit permit, long start)
    {
        var routeHeader = table.RouteHeader(route.Rule);
        var routed = _pool.Get();
        routed.Set(key.ToString(), route.Epoch.ToString(CultureInfo.InvariantCulture), connection.CellId, routeHeader, ForwardPath(context.Request, key));
        context.Features.Set(routed);
        var error = ForwarderError.None;
        var finished = false;
        try
        {
            error = await _forwarder.SendAsync(context, connection.Endpoint, connection.Invoker, guard.RequestConfig, _transformer).ConfigureAwait(false);
            finished = true;
        }
        finally
        {
            context.Features.Set<RoutedRequest>(null);
            _pool.Return(routed);
            guard.Exit();
            if (!finished)
            {
                // YARP threw, which it does not do for upstream failures: no verdict on the cell.
                guard.Circuit.OnAbandoned(permit, _time.GetTimestamp());
            }
        }

        var outcome = Judge(context, error, guard.Circuit, permit);
        _recorder.Finished(guard, outcome, start, key.Span);
        if (outcome == RequestOutcome.CellDown)
        {
            await CellNotAnsweringAsync(context, error, connection, routeHeader).ConfigureAwait(false);
        }
    }

    /// <summary>Tells the circuit how the cell did and names the request's outcome.</summary>
    private RequestOutcome Judge(HttpContext context, ForwarderError error, CellCircuit circuit, CircuitPermit permit)
    {
        var now = _time.GetTimestamp();
        if (error == ForwarderError.None)
        {
            var serverError = context.Response.StatusCode >= StatusCodes.Status500InternalServerError;
            circuit.OnAnswered(permit, serverError, now);
            return serverError ? RequestOutcome.UpstreamError : RequestOutcome.Success;
        }

        if (context.RequestAborted.IsCancellationRequested || !IsCellFault(error))
        {
            // The client went away or sent a bad body: YARP's own answer stands, and the cell is not to blame.
            circuit.OnAbandoned(permit, now);
            return RequestOutcome.Success;
        }

        circuit.OnNoAnswer(permit, now);
        return RequestOutcome.CellDown;
    }

    private async Task CellNotAnsweringAsync(HttpContext context, ForwarderError error, CellConnection connection, string routeHeader)
    {
        if (connection.ShouldLogFailure(_time.GetTimestamp(), _logInterval))
        {
            Log.CellNotAnswering(_logger, connection.CellId, connection.Endpoint, error, context.GetForwarderErrorFeature()?.Exception);
        }

        if (context.Response.HasStarted)
        {
            // Part of the cell's answer is already on the wire; the only honest thing left is to cut it.
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.Headers[CellularHeaders.CellId] = connection.CellId;
        context.Response.Headers[CellularHeaders.CellRoute] = routeHeader;
        await ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Cell not answering",
            $"Cell {connection.CellId} is not answering ({error}); retry shortly.",
            cell: connection.CellId,
            retryAfter: _notAnsweringRetryAfter).ConfigureAwait(false);
    }

    private Task NotFoundAsync(HttpContext context, TenantKey key, RoutingTable table)
    {
        var tenant = key.ToString();
        if (table.Version == 0)
        {
            return ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                "No routing table",
                "The router has no routing table yet: it has none on disk and has not reached the control plane.",
                tenant,
                retryAfter: _notServingRetryAfter);
        }

        context.Response.Headers[CellularHeaders.CellRoute] = table.RouteHeader(RouteRule.None);
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status404NotFound,
            "Unknown tenant",
            $"Tenant '{tenant}' is not in routing table version {table.Version}.",
            tenant);
    }

    private Task NotServingAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, RouteCell cell)
    {
        SetCellHeaders(context, table, route, cell.Id);
        var why = cell.Endpoint is null ? "has no endpoint yet" : $"is {cell.State}";
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Cell not serving",
            $"Cell {cell.Id}, which holds tenant '{key.ToString()}', {why} and does not serve requests; retry later.",
            key.ToString(),
            cell.Id,
            _notServingRetryAfter);
    }

    private static Task CircuitOpenAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, CellGuard guard, TimeSpan wait)
    {
        SetCellHeaders(context, table, route, guard.CellId);
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Cell circuit open",
            $"Cell {guard.CellId}, which holds tenant '{key.ToString()}', is failing; its requests fail fast until it recovers.",
            key.ToString(),
            guard.CellId,
            wait);
    }

    private static Task RateLimitedAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, CellGuard guard, TimeSpan wait)
    {
        SetCellHeaders(context, table, route, guard.CellId);
        var tenant = key.ToString();
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status429TooManyRequests,
            "Tenant rate limit exceeded",
            $"Tenant '{tenant}' is sending more requests than its rate limit allows; retry after Retry-After-Ms.",
            tenant,
            guard.CellId,
            wait);
    }

    private static Task ShedAsync(HttpContext context, TenantKey key, RoutingTable table, RouteResult route, CellGuard guard)
    {
        SetCellHeaders(context, table, route, guard.CellId);
        return ProblemResponses.WriteAsync(
            context,
            StatusCodes.Status503ServiceUnavailable,
            "Cell shedding load",
            guard.ShedDetail,
            key.ToString(),
            guard.CellId,
            ShedRetryAfter);
    }

    private static void SetCellHeaders(HttpContext context, RoutingTable table, RouteResult route, string cellId)
    {
        var headers = context.Response.Headers;
        headers[CellularHeaders.CellId] = cellId;
        headers[CellularHeaders.CellRoute] = table.RouteHeader(route.Rule);
    }

    private static PathString ForwardPath(HttpRequest request, TenantKey key)
    {
        if (key.Source != TenantKeySource.Path)
        {
            return default;
        }

        var path = request.Path.Value!;
        return key.PathPrefixLength >= path.Length ? _root : new PathString(path[key.PathPrefixLength..]);
    }

    private static bool IsCellFault(ForwarderError error) => error is
        ForwarderError.Request or
        ForwarderError.RequestTimedOut or
        ForwarderError.RequestBodyDestination or
        ForwarderError.ResponseHeaders or
        ForwarderError.ResponseBodyDestination or
        ForwarderError.UpgradeRequestDestination or
        ForwarderError.UpgradeResponseDestination or
        ForwarderError.UpgradeActivityTimeout or
        ForwarderError.NoAvailableDestinations;
}
