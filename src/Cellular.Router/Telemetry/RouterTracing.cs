using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Cellular.Core.Routing;
using Cellular.Router.Extraction;

namespace Cellular.Router.Telemetry;

/// <summary>
/// The router's spans, on activity source <c>Cellular.Router</c>: one <c>cellular.route</c> server
/// span per request the router forwards or answers itself, continuing the client's
/// <c>traceparent</c> and parent of the call to the cell (whose <c>traceparent</c> YARP's
/// propagator writes from the current activity). With no listener, which is the case unless
/// tracing is configured, every method here is one field read: no activity, no tag, no allocation.
/// </summary>
internal static class RouterTracing
{
    /// <summary>The activity source name to subscribe to.</summary>
    public const string SourceName = "Cellular.Router";

    /// <summary>The name of the span of one routed request: constant, so span names stay few.</summary>
    public const string RouteSpanName = "cellular.route";

    /// <summary>The cell the request went to (or was refused for).</summary>
    public const string CellTag = "cell.id";

    /// <summary>The request's tenant key.</summary>
    public const string TenantTag = "tenant.id";

    /// <summary>The routing-table rule that decided: <c>pin</c>, <c>assignment</c>, <c>hashed-bucket</c>, <c>consistent-hash</c>, <c>key-range</c> or <c>none</c>.</summary>
    public const string RuleTag = "cellular.route.rule";

    /// <summary>The version of the routing table that decided.</summary>
    public const string TableVersionTag = "cellular.table.version";

    /// <summary>The tenant's ownership epoch sent to the cell.</summary>
    public const string EpochTag = "cellular.tenant.epoch";

    /// <summary>How the router finished the request (the <c>outcome</c> of <c>cellular.router.requests</c>).</summary>
    public const string OutcomeTag = "cellular.outcome";

    /// <summary>The source of the router's spans.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>True when something listens to the router's spans: only then is a request traced.</summary>
    public static bool Enabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Source.HasListeners();
    }

    /// <summary>
    /// Starts the span of <paramref name="context"/>'s request, as a child of the client's
    /// <c>traceparent</c> when it sent a valid one. Null when the trace is not sampled at all.
    /// </summary>
    public static Activity? StartRoute(HttpContext context)
    {
        var request = context.Request;
        var parent = default(ActivityContext);
        DistributedContextPropagator.Current.ExtractTraceIdAndState(
            request.Headers,
            static (carrier, name, out value, out values) =>
            {
                values = null;
                value = ((IHeaderDictionary)carrier!)[name] is { Count: 1 } one ? one.ToString() : null;
            },
            out var traceParent,
            out var traceState);
        if (traceParent is not null)
        {
            ActivityContext.TryParse(traceParent, traceState, isRemote: true, out parent);
        }

        var activity = Source.StartActivity(RouteSpanName, ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("http.request.method", request.Method);
            activity.SetTag("url.path", request.Path.Value);
        }

        return activity;
    }

    /// <summary>Tags the request's span with the routing decision: tenant, rule, table version, epoch and cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Routed(in TenantKey key, RoutingTable table, RouteResult route)
    {
        if (Enabled)
        {
            TagRoute(key, table, route);
        }
    }

    /// <summary>Tags the request's span with how it ended; <paramref name="cell"/> is null when it reached no cell.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Finished(string? cell, RequestOutcome outcome)
    {
        if (Enabled)
        {
            TagOutcome(cell, outcome);
        }
    }

    /// <summary>Ends the span with the status the client got: an error for 5xx (the router or the cell failed the request).</summary>
    public static void Answered(Activity activity, int statusCode)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("http.response.status_code", statusCode);
        }

        if (statusCode >= StatusCodes.Status500InternalServerError)
        {
            activity.SetStatus(ActivityStatusCode.Error, statusCode.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The router's span of the request being handled, when it records data.</summary>
    private static Activity? Current() =>
        Activity.Current is { IsAllDataRequested: true } current && ReferenceEquals(current.Source, Source) ? current : null;

    private static void TagRoute(in TenantKey key, RoutingTable table, RouteResult route)
    {
        if (Current() is not { } activity)
        {
            return;
        }

        activity.SetTag(TenantTag, key.WholeText ?? key.ToString());
        activity.SetTag(RuleTag, RoutingTable.RuleName(route.Rule));
        activity.SetTag(TableVersionTag, table.Version);
        if (route.Found)
        {
            activity.SetTag(CellTag, table.Cells[route.CellIndex].Id);
            activity.SetTag(EpochTag, route.Epoch);
        }
    }

    private static void TagOutcome(string? cell, RequestOutcome outcome)
    {
        if (Current() is not { } activity)
        {
            return;
        }

        if (cell is not null)
        {
            activity.SetTag(CellTag, cell);
        }

        activity.SetTag(OutcomeTag, outcome.ToTagValue());
    }
}
