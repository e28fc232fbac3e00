using System.Globalization;
using System.Runtime.CompilerServices;
using Cellular.Core.Http;
using Cellular.Core.Routing;
using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Forwarding.Lean;
using Cellular.Router.Routing;
using Cellular.Router.Security;
using Cellular.Router.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding;

/// <summary>
/// The request path: tenant key → routing table → cell state → circuit → tenant rate limit →
/// cell concurrency cap → YARP direct forwarding with the cell's own timeout. Reads the table
/// once per request, takes no locks of its own and never calls the control plane. Whatever the
/// router answers itself (bad key, unknown tenant, cell not serving, failing, overloaded or not
/// answering, tenant over its rate, tenant moving) is problem+json and nothing is forwarded.
/// A cell's 421 is never passed on: the request is held until the table moves the tenant and sent
/// once more to the new owner (see <see cref="CutoverHold"/>). Every request is counted, once, in
/// the metrics and the per-second statistics. A tenant only ever goes to the cell the table names.
/// </summary>
internal sealed partial class CellForwarder
{
    /// <summary>How long a shed request is told to wait: in-flight requests finish fast, so soon.</summary>
    public static readonly TimeSpan ShedRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The <c>Allow</c> header of a 405 for a method the router never forwards.</summary>
    public const string AllowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private static readonly PathString Root = new("/");

    // Where Kestrel puts the Content-Length of a request that also has Transfer-Encoding.
    private const string KestrelMovedContentLength = "X-Content-Length";

    private readonly TenantKeyExtractor _extractor;
    private readonly RoutingTableHolder _holder;
    private readonly IHttpForwarder _forwarder;
    private readonly LeanForwarder _lean;
    private readonly CellTransformer _transformer;
    private readonly ObjectPool<RoutedRequest> _pool;
    private readonly TenantRateLimiter _tenantLimiter;
    private readonly RequestRecorder _recorder;
    private readonly CutoverHold _cutover;
    private readonly AssertionKeyRing _keys;
    private readonly TenantAuthenticator _auth;
    private readonly TimeSpan _notServingRetryAfter;
    private readonly TimeProvider _time;
    private readonly long _logInterval;
    private readonly ILogger<CellForwarder> _logger;
    private long _lastHoldTimeoutLog = long.MinValue;
    private long _lastHoldFullLog = long.MinValue;
    private long _lastBodyTooLargeLog = long.MinValue;
    private long _lastRefusedAgainLog = long.MinValue;

    /// <summary>Creates the forwarder.</summary>
    public CellForwarder(
        TenantKeyExtractor extractor,
        RoutingTableHolder holder,
        IHttpForwarder forwarder,
        LeanForwarder lean,
        CellTransformer transformer,
        ObjectPool<RoutedRequest> pool,
        TenantRateLimiter tenantLimiter,
        RequestRecorder recorder,
        CutoverHold cutover,
        AssertionKeyRing keys,
        TenantAuthenticator auth,
        IOptions<RouterOptions> options,
        TimeProvider time,
        ILogger<CellForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _extractor = extractor;
        _holder = holder;
        _forwarder = forwarder;
        _lean = lean;
        _transformer = transformer;
        _pool = pool;
        _tenantLimiter = tenantLimiter;
        _recorder = recorder;
        _cutover = cutover;
        _keys = keys;
        _auth = auth;
        _notServingRetryAfter = TimeSpan.FromSeconds(options.Value.RetryAfterSeconds);
        _time = time;
        _logInterval = 5 * time.TimestampFrequency;
        _logger = logger;
    }

    /// <summary>Routes and forwards one request, or answers it with a problem; in a span of its own when tracing is on.</summary>
    public Task InvokeAsync(HttpContext context) => RouterTracing.Enabled ? TracedAsync(context) : HandleAsync(context);

    /// <summary>
    /// The one place a request is counted: every branch below only says how it ends
    /// (<see cref="RoutedRequest.Conclude"/>), and the outcome, cell, tenant and forwarding path
    /// are recorded here, once, whatever path the request took, however it failed.
    /// </summary>
    private async Task HandleAsync(HttpContext context)
    {
        var start = _time.GetTimestamp();
        var routed = _pool.Get();
        try
        {
            await AcceptAsync(context, routed, start);
        }
        finally
        {
            _recorder.Finished(routed.Guard, routed.Outcome, start, routed.Key, routed.Path);
            routed.DetachBody(context.Request);
            context.Features.Set<RoutedRequest>(null);
            _pool.Return(routed);
        }
    }

    private ValueTask AcceptAsync(HttpContext context, RoutedRequest routed, long start)
    {
        if (Refuse(context) is { } refused)
        {
            return new ValueTask(refused);
        }

        if (!_auth.Enabled)
        {
            return Route(context, routed, start, null);
        }

        var auth = _auth.AuthenticateAsync(context.Request);
        return auth.IsCompletedSuccessfully ? Authenticated(context, routed, start, auth.Result) : new ValueTask(AuthenticatedAsync(context, routed, start, auth));
    }

    private async Task AuthenticatedAsync(HttpContext context, RoutedRequest routed, long start, ValueTask<TenantAuthResult> auth) =>
        await Authenticated(context, routed, start, await auth);

    /// <summary>Tenant auth is on: only a valid token gets further, and its tenant is the request's.</summary>
    private ValueTask Authenticated(HttpContext context, RoutedRequest routed, long start, TenantAuthResult auth)
    {
        if (auth.Status == TenantAuthStatus.Valid)
        {
            return Route(context, routed, start, auth.Tenant);
        }

        return new ValueTask(auth.Status == TenantAuthStatus.NoKeys ? NoTokenKeysAsync(context) : UnauthorizedAsync(context, auth));
    }

    /// <summary>Extracts the tenant key (checked against the token's tenant when there is one) and routes.</summary>
    private ValueTask Route(HttpContext context, RoutedRequest routed, long start, string? tokenTenant)
    {
        var key = _extractor.Extract(context.Request);
        if (tokenTenant is not null)
        {
            if (key.Status == TenantKeyStatus.Missing)
            {
                key = TenantKey.FromToken(tokenTenant);
            }
            else if (key.Status == TenantKeyStatus.Found && !key.Span.SequenceEqual(tokenTenant))
            {
                return new ValueTask(ForbiddenAsync(context, key, tokenTenant));
            }
        }

        if (key.Status != TenantKeyStatus.Found)
        {
            return new ValueTask(key.Status == TenantKeyStatus.Missing
                ? ProblemJson.WriteAsync(context, StatusCodes.Status400BadRequest, "Missing tenant key", _extractor.MissingKeyDetail)
                : ProblemJson.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid tenant key", TenantKeyExtractor.DescribeInvalid(key)));
        }

        routed.Identify(key);
        var state = _holder.State;
        var refusal = Admit(context, routed, key, state, start, chargeTenant: true, out var route, out var target, out var signingKey, out var permit);
        return refusal is not null ? new ValueTask(refusal) : ForwardAsync(context, routed, key, state.Table, route, target!, signingKey!, permit, start);
    }

    /// <summary>
    /// The checks before a request may go to its cell, in the documented order. Null when it may be
    /// sent: it then holds an in-flight slot of the cell and a circuit permit. Otherwise the task
    /// writing the router's answer, with the request's outcome concluded. A retry is not charged to the
    /// tenant's rate limit again (<paramref name="chargeTenant"/>).
    /// </summary>
    private Task? Admit(HttpContext context, RoutedRequest routed, TenantKey key, RouterState state, long start, bool chargeTenant, out RouteResult route, out CellTarget? target, out AssertionSigningKey? signingKey, out CircuitPermit permit)
    {
        permit = CircuitPermit.Refused;
        target = null;
        signingKey = null;
        var table = state.Table;
        route = table.Lookup(key.Span);
        RouterTracing.Routed(key, table, route);
        if (!route.Found)
        {
            routed.Conclude(null, RequestOutcome.NoRoute);
            return NotFoundAsync(context, key, table);
        }

        target = state.Targets[route.CellIndex];
        var guard = target.Guard;
        if (!target.IsServing)
        {
            routed.Conclude(guard, RequestOutcome.CellDown);
            return NotServingAsync(context, key, table, route, target.Cell);
        }

        // A cell only serves requests the router vouches for; without its key nothing is sent.
        if (!_keys.TryGet(target.Cell.Id, out signingKey))
        {
            _keys.RequestRefresh();
            routed.Conclude(null, RequestOutcome.NoRoute);
            return NoSigningKeyAsync(context, key, table, route, target.Cell);
        }

        // Cheapest refusal first, before the request spends a tenant token or a cell slot.
        if (guard.Circuit.IsRefusing(start, out var wait))
        {
            routed.Conclude(guard, RequestOutcome.CircuitOpen);
            return CircuitOpenAsync(context, key, table, route, guard, wait);
        }

        if (chargeTenant && _tenantLimiter.Enabled && !_tenantLimiter.TryAcquire(key, table, start, out wait))
        {
            routed.Conclude(guard, RequestOutcome.RateLimited);
            return RateLimitedAsync(context, key, table, route, guard, wait);
        }

        if (!guard.TryEnter())
        {
            if (guard.ShouldLogShed(start, _logInterval))
            {
                Log.Shedding(_logger, guard.CellId, guard.Limits.ConcurrencyLimit);
            }

            routed.Conclude(guard, RequestOutcome.Shed);
            return ShedAsync(context, key, table, route, guard);
        }

        // Last, so a half-open probe is only granted to a request that will really be sent.
        permit = guard.Circuit.TryPass(start, out wait);
        if (permit == CircuitPermit.Refused)
        {
            guard.Exit();
            routed.Conclude(guard, RequestOutcome.CircuitOpen);
            return CircuitOpenAsync(context, key, table, route, guard, wait);
        }

        return null;
    }

    /// <summary>
    /// What is never forwarded, whatever the tenant: methods a proxy must not pass on or cannot
    /// (<c>CONNECT</c> but HTTP/2's extended CONNECT, <c>TRACE</c>, <c>TRACK</c>), and any path that
    /// reaches the cells' internal API (<see cref="CellInternalPaths"/>). Null for everything else.
    /// </summary>
    private static Task? Refuse(HttpContext context)
    {
        var request = context.Request;
        var method = request.Method;
        if ((HttpMethods.IsConnect(method) && context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect != true)
            || HttpMethods.IsTrace(method)
            || string.Equals(method, "TRACK", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.Allow = AllowedMethods;
            return ProblemJson.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed", $"The router does not forward {method} requests.");
        }

        if (HasConflictingFraming(request))
        {
            return ProblemJson.WriteAsync(context, StatusCodes.Status400BadRequest, "Conflicting framing", "The request has both Content-Length and Transfer-Encoding (RFC 9112 6.3); it is not forwarded.");
        }

        if (CellInternalPaths.IsCellInternal(request.Path.Value))
        {
            return ProblemJson.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "The cells' internal API (/_cell) is not reachable through the router.");
        }

        return null;
    }

    // A pooled state machine: the one async step every forwarded request takes, so no Task per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ForwardAsync(HttpContext context, RoutedRequest routed, TenantKey key, RoutingTable table, RouteResult route, CellTarget target, AssertionSigningKey signingKey, CircuitPermit permit, long start)
    {
        var connection = target.Connection!;
        var guard = target.Guard;
        var routeHeader = table.RouteHeader(route.Rule);
        // No string is made here on the common path: a header key is the header's own string, and
        // the runtime keeps the strings of numbers below 300, which is where tenant epochs live.
        var tenant = key.ToString();
        routed.Set(tenant, key.Source == TenantKeySource.Header, route.Epoch.ToString(CultureInfo.InvariantCulture), connection.CellId, routeHeader, ForwardPath(context.Request, key), _keys.Sign(signingKey, tenant, route.Epoch));
        routed.AttachBody(context.Request, _cutover.MaxBufferedBodyBytes);
        context.Features.Set(routed);
        var (outcome, error) = await SendAsync(context, routed, connection, guard, permit, CellCircuit.TenantHash(tenant));
        if (routed.Misdirected)
        {
            await MisdirectedAsync(context, key, routed, table.Version, route.Epoch, guard, start);
            return;
        }

        if (routed.AssertionRefused)
        {
            await AssertionRefusedAsync(context, routed, signingKey.Generation);
            return;
        }

        routed.Conclude(guard, outcome);
        if (outcome == RequestOutcome.CellDown)
        {
            await CellNotAnsweringAsync(context, error, connection, routeHeader);
        }
        else if (error != ForwarderError.None)
        {
            await ForwardingFailedAsync(context, error, connection.CellId, routeHeader);
        }
    }

    /// <summary>Sends the request to one cell, gives back its slot and judges the answer.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(RequestOutcome Outcome, ForwarderError Error)> SendAsync(HttpContext context, RoutedRequest routed, CellConnection connection, CellGuard guard, CircuitPermit permit, long tenantHash)
    {
        var error = ForwarderError.None;
        var finished = false;
        // Should the send throw, the request ends as a failure the cell was sent (a 500), not uncounted.
        routed.Conclude(guard, RequestOutcome.UpstreamError);
        try
        {
            // The one place the paths differ: how the request goes to the cell and its answer comes back.
            if (_lean.Enabled && _lean.CanForward(context, connection))
            {
                routed.Path = ForwardingPath.Lean;
                error = await _lean.SendAsync(context, routed, connection.Lean!, guard.Limits.UpstreamTimeout);
            }
            else
            {
                routed.Path = ForwardingPath.Yarp;
                error = await _forwarder.SendAsync(context, connection.Endpoint, connection.Invoker, guard.RequestConfig, _transformer);
            }

            finished = true;
        }
        finally
        {
            guard.Exit();
            if (!finished)
            {
                // YARP threw, which it does not do for upstream failures: no verdict on the cell.
                guard.Circuit.OnAbandoned(permit, _time.GetTimestamp());
            }
        }

        return (Judge(context, routed, error, guard.Circuit, permit, tenantHash), error);
    }

    /// <summary>
    /// Tells the circuit how the cell did and names the request's outcome. A 421 is an answer: the
    /// cell is healthy. A refused assertion is the router's fault: no verdict on the cell.
    /// </summary>
    private RequestOutcome Judge(HttpContext context, RoutedRequest routed, ForwarderError error, CellCircuit circuit, CircuitPermit permit, long tenantHash)
    {
        var now = _time.GetTimestamp();
        if (error == ForwarderError.None && routed.AssertionRefused)
        {
            circuit.OnAbandoned(permit, now);
            return RequestOutcome.NoRoute;
        }

        if (error == ForwarderError.None)
        {
            var serverError = context.Response.StatusCode >= StatusCodes.Status500InternalServerError;
            circuit.OnAnswered(permit, serverError, now, tenantHash);
            return serverError ? RequestOutcome.UpstreamError : RequestOutcome.Success;
        }

        if (context.RequestAborted.IsCancellationRequested || !IsCellFault(error))
        {
            // The client went away or sent a bad body: YARP's own answer stands, and the cell is not to blame.
            circuit.OnAbandoned(permit, now);
            return RequestOutcome.Success;
        }

        circuit.OnNoAnswer(permit, now, tenantHash);
        return RequestOutcome.CellDown;
    }

    /// <summary>
    /// True for an HTTP/1.x request that came with both <c>Content-Length</c> and
    /// <c>Transfer-Encoding</c>: Kestrel frames it by the chunking and keeps the length as
    /// <c>X-Content-Length</c>, but such a request is a smuggling attempt and is refused.
    /// </summary>
    private static bool HasConflictingFraming(HttpRequest request)
    {
        var headers = request.Headers;
        return headers.TransferEncoding.Count > 0 && headers.ContainsKey(KestrelMovedContentLength);
    }

    private static PathString ForwardPath(HttpRequest request, TenantKey key)
    {
        if (key.Source != TenantKeySource.Path)
        {
            return default;
        }

        var path = request.Path.Value!;
        return key.PathPrefixLength >= path.Length ? Root : new PathString(path[key.PathPrefixLength..]);
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
