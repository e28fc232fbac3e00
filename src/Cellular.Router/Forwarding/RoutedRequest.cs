using Cellular.Router.Containment;
using Cellular.Router.Extraction;
using Cellular.Router.Forwarding.Lean;
using Cellular.Router.Telemetry;

namespace Cellular.Router.Forwarding;

/// <summary>
/// The routing decision of one request, handed to <see cref="CellTransformer"/> as a request
/// feature, and what the transformer found out about the cell's answer (a 421 refusal, or a 401 refusing the router's assertion). Also
/// keeps the request body replayable for a retry. Instances are pooled and reused; they live only
/// while the request is forwarded.
/// </summary>
internal sealed class RoutedRequest
{
    private ReplayableRequestBody? _body;
    private Exchange? _exchange;

    /// <summary>The resolved tenant key, sent upstream as <c>X-Tenant-Id</c>.</summary>
    public string TenantKey { get; private set; } = string.Empty;

    /// <summary>True when the key is the client's own <c>X-Tenant-Id</c> header, which then goes upstream as it came.</summary>
    public bool KeyFromHeader { get; private set; }

    /// <summary>The tenant's epoch, sent upstream as <c>X-Tenant-Epoch</c>.</summary>
    public string Epoch { get; private set; } = string.Empty;

    /// <summary>The signed tenant assertion for <see cref="CellId"/>, sent upstream as <c>X-Cellular-Assertion</c>.</summary>
    public string Assertion { get; private set; } = string.Empty;

    /// <summary>The cell that serves the request, returned as <c>X-Cell-Id</c>.</summary>
    public string CellId { get; private set; } = string.Empty;

    /// <summary>The rule and table version that decided, returned as <c>X-Cell-Route</c>.</summary>
    public string RouteHeader { get; private set; } = string.Empty;

    /// <summary>The path to forward when it differs from the request's (path-prefix keys); otherwise no value.</summary>
    public PathString ForwardPath { get; private set; }

    /// <summary>True when the cell answered 421: its answer was not copied to the client.</summary>
    public bool Misdirected { get; private set; }

    /// <summary>
    /// True when the cell answered 401 with <c>WWW-Authenticate: CellularAssertion</c>: it refused
    /// the router's assertion (stale key or clock). Its answer was not copied to the client.
    /// </summary>
    public bool AssertionRefused { get; private set; }

    /// <summary>The cell a 421 named as the tenant's owner (<c>X-Cellular-Owner</c>), if any.</summary>
    public string? Owner { get; private set; }

    /// <summary>The tenant key the request is counted under (none until one is found and trusted).</summary>
    public TenantKey Key { get; private set; }

    /// <summary>The cell the request is counted on: the last one it reached or was refused for; null when none.</summary>
    public CellGuard? Guard { get; private set; }

    /// <summary>How the request ended, so far: what the forwarder records once, when it is done with the request.</summary>
    public RequestOutcome Outcome { get; private set; } = RequestOutcome.NoRoute;

    /// <summary>Which path sent the request to its cell last.</summary>
    public ForwardingPath Path { get; set; }

    /// <summary>What a retry of this request needs of its body.</summary>
    public RequestBodyReplay BodyReplay { get; private set; }

    /// <summary>The lean path's state for this request, made once per pooled instance.</summary>
    public Exchange Exchange => _exchange ??= new Exchange();

    /// <summary>Names the tenant the request is counted under.</summary>
    public void Identify(in TenantKey key) => Key = key;

    /// <summary>Says how the request ends (the last call wins); recorded once when the forwarder is done with it.</summary>
    public void Conclude(CellGuard? guard, RequestOutcome outcome)
    {
        Guard = guard;
        Outcome = outcome;
    }

    /// <summary>Fills the instance for one request.</summary>
    public void Set(string tenantKey, bool keyFromHeader, string epoch, string cellId, string routeHeader, PathString forwardPath, string assertion)
    {
        Assertion = assertion;
        TenantKey = tenantKey;
        KeyFromHeader = keyFromHeader;
        Epoch = epoch;
        CellId = cellId;
        RouteHeader = routeHeader;
        ForwardPath = forwardPath;
    }

    /// <summary>Points the request at another cell for its retry; tenant and path stay.</summary>
    public void Reroute(string epoch, string cellId, string routeHeader, string assertion)
    {
        Assertion = assertion;
        Epoch = epoch;
        CellId = cellId;
        RouteHeader = routeHeader;
        Misdirected = false;
        AssertionRefused = false;
        Owner = null;
    }

    /// <summary>Records that the cell refused the router's assertion (401 <c>CellularAssertion</c>).</summary>
    public void RefuseAssertion() => AssertionRefused = true;

    /// <summary>Records that the cell refused the tenant with 421, naming <paramref name="owner"/> if it knows.</summary>
    public void Misdirect(string? owner)
    {
        Misdirected = true;
        Owner = owner;
    }

    /// <summary>
    /// Makes the body of <paramref name="request"/> replayable when it has one that fits in
    /// <paramref name="limit"/> bytes. A request without a body costs a header check and nothing else.
    /// </summary>
    public void AttachBody(HttpRequest request, int limit)
    {
        BodyReplay = ReplayableRequestBody.Classify(request, limit);
        if (BodyReplay == RequestBodyReplay.Recorded)
        {
            _body ??= new ReplayableRequestBody();
            _body.Start(request.Body, limit, request.ContentLength);
            request.Body = _body;
        }
    }

    /// <summary>Prepares the body to be sent again; false when it cannot be (too large).</summary>
    public bool TryRewindBody() => BodyReplay switch
    {
        RequestBodyReplay.None => true,
        RequestBodyReplay.Recorded => _body!.TryRewind(),
        _ => false,
    };

    /// <summary>Puts the client's own body stream back and frees the recording.</summary>
    public void DetachBody(HttpRequest request)
    {
        if (BodyReplay == RequestBodyReplay.Recorded && _body is not null)
        {
            request.Body = _body.Inner;
            _body.Release();
        }

        BodyReplay = RequestBodyReplay.None;
    }

    /// <summary>Drops every reference so a pooled instance keeps nothing alive.</summary>
    public void Reset()
    {
        Set(string.Empty, false, string.Empty, string.Empty, string.Empty, default, string.Empty);
        Misdirected = false;
        AssertionRefused = false;
        Owner = null;
        Path = ForwardingPath.None;
        Key = default;
        Guard = null;
        _exchange?.Clear();
        Outcome = RequestOutcome.NoRoute;
        BodyReplay = RequestBodyReplay.None;
        _body?.Release();
    }
}
