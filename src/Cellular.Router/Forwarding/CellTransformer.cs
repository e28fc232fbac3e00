using System.Net;
using System.Net.Http.Headers;
using Cellular.Core;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding;

/// <summary>
/// The one transformer of every forwarded request. Upstream: copies the client's headers
/// (YARP's base behaviour), drops the client's copies of Cellular's internal headers and of
/// every proxy header (<c>Forwarded</c>, <c>X-Real-IP</c>, <c>X-Forwarded-*</c>), signs the
/// request for its cell (<c>X-Cellular-Assertion</c>), sets
/// <c>X-Tenant-Id</c> and <c>X-Tenant-Epoch</c> from the routing decision, sets
/// <c>X-Forwarded-For/Proto/Host</c>, lets the Host header follow the cell's endpoint, and strips a
/// <c>/t/{tenant}</c> prefix. Downstream: sets <c>X-Cell-Id</c> and <c>X-Cell-Route</c>,
/// replacing whatever the cell sent, and drops the cell's <c>X-Cellular-Owner</c> and
/// <c>X-Cellular-Assertion</c>; a 421 (the cell no longer serves the tenant) is not copied
/// at all but noted on the <see cref="RoutedRequest"/>, so the forwarder can hold and retry the
/// request while nothing has reached the client yet; nor is a 401 with
/// <c>WWW-Authenticate: CellularAssertion</c> (the cell refused the router's assertion), which the
/// forwarder answers itself.
/// </summary>
internal sealed class CellTransformer : HttpTransformer
{
    private const string ForwardedFor = "X-Forwarded-For";
    private const string ForwardedProto = "X-Forwarded-Proto";
    private const string ForwardedHost = "X-Forwarded-Host";
    private const string ForwardedPrefix = "X-Forwarded-";
    private const string Forwarded = "Forwarded";
    private const string RealIp = "X-Real-IP";
    private const string WwwAuthenticate = "WWW-Authenticate";

    /// <summary>The scheme a cell challenges with when it refuses the router's assertion.</summary>
    internal const string AssertionScheme = "CellularAssertion";

    // An array, not the IReadOnlyList, so the loop does not allocate an enumerator. X-Tenant-Id is
    // not here: see Apply.
    private static readonly string[] InternalHeaders = [.. CellularHeaders.Internal, ForwardedFor, ForwardedProto, ForwardedHost];

    /// <inheritdoc />
    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        var copy = base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        if (!copy.IsCompletedSuccessfully)
        {
            return Awaited(copy, httpContext, proxyRequest, destinationPrefix);
        }

        Apply(httpContext, proxyRequest, destinationPrefix);
        return default;
    }

    /// <inheritdoc />
    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is { StatusCode: HttpStatusCode.MisdirectedRequest })
        {
            httpContext.Features.GetRequiredFeature<RoutedRequest>().Misdirect(OwnerOf(proxyResponse));
            return new ValueTask<bool>(false);
        }

        if (proxyResponse is { StatusCode: HttpStatusCode.Unauthorized } && IsAssertionChallenge(proxyResponse))
        {
            // The cell refused the router's signature, not the tenant: nothing of its answer is for the client.
            httpContext.Features.GetRequiredFeature<RoutedRequest>().RefuseAssertion();
            return new ValueTask<bool>(false);
        }

        var copy = base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (!copy.IsCompletedSuccessfully)
        {
            return AwaitedResponse(copy, httpContext, proxyResponse);
        }

        if (proxyResponse is not null)
        {
            SetResponseHeaders(httpContext);
            RemoveNominated(httpContext, proxyResponse);
        }

        return copy;
    }

    /// <summary>Request bodies from this size on are sent only after the cell's <c>100 Continue</c>.</summary>
    internal const long ExpectContinueFromBytes = 64 * 1024;

    private static void Apply(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix)
    {
        var routed = httpContext.Features.GetRequiredFeature<RoutedRequest>();
        var headers = proxyRequest.Headers;

        // Removing a header by name parses the name each time; clients almost never send these,
        // so look for them once among the few headers that were copied.
        if (HasInternalHeader(headers))
        {
            RemoveInternalHeaders(headers);
        }

        headers.Host = null;
        var connection = httpContext.Request.Headers.Connection;
        if (connection.Count > 0)
        {
            foreach (var nominated in HopByHop.Nominated(connection) ?? [])
            {
                headers.Remove(nominated);
            }
        }

        // A key from X-Tenant-Id is the client's one, validated, single header, already copied as
        // it is: sending it again would only remove and re-add the same string. Any other source
        // means the client sent no X-Tenant-Id at all (it would have been used first).
        if (!routed.KeyFromHeader)
        {
            headers.Remove(CellularHeaders.TenantId);
            headers.TryAddWithoutValidation(CellularHeaders.TenantId, routed.TenantKey);
        }

        headers.TryAddWithoutValidation(CellularHeaders.TenantEpoch, routed.Epoch);
        headers.TryAddWithoutValidation(CellularHeaders.TenantAssertion, routed.Assertion);

        var request = httpContext.Request;

        // A cell refuses an oversized body (413) as soon as it reads the headers and closes the
        // connection; pushed regardless, the body would hit a closed socket and the tenant would
        // see the router's 502/503 instead of the cell's 413. Asking first lets the cell answer.
        if (request.ContentLength >= ExpectContinueFromBytes)
        {
            headers.ExpectContinue = true;
        }
        var remote = httpContext.Connection.RemoteIpAddress;
        if (remote is not null)
        {
            headers.TryAddWithoutValidation(ForwardedFor, remote.ToString());
        }

        headers.TryAddWithoutValidation(ForwardedProto, request.Scheme);
        if (request.Host.HasValue)
        {
            headers.TryAddWithoutValidation(ForwardedHost, request.Host.Value);
        }

        if (routed.ForwardPath.HasValue)
        {
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, routed.ForwardPath, request.QueryString);
        }
    }

    private static bool HasInternalHeader(HttpRequestHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            if (IsInternal(header.Key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for a header no client may send on: Cellular's own, and every proxy header (a client cannot speak for a proxy).</summary>
    internal static bool IsInternal(string name)
    {
        if (name.Length > 2 && (name[0] | 0x20) == 'x' && name[1] == '-')
        {
            if (name.StartsWith(ForwardedPrefix, StringComparison.OrdinalIgnoreCase) || string.Equals(name, RealIp, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (var candidate in InternalHeaders)
            {
                if (string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        return string.Equals(name, Forwarded, StringComparison.OrdinalIgnoreCase);
    }

    private static void RemoveInternalHeaders(HttpRequestHeaders headers)
    {
        List<string>? names = null;
        foreach (var header in headers.NonValidated)
        {
            if (IsInternal(header.Key))
            {
                (names ??= []).Add(header.Key);
            }
        }

        foreach (var name in names ?? [])
        {
            headers.Remove(name);
        }
    }

    /// <summary>True when a 401 challenges with the cells' assertion scheme (<c>WWW-Authenticate: CellularAssertion</c>).</summary>
    internal static bool IsAssertionChallenge(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues(WwwAuthenticate, out var values))
        {
            return false;
        }

        foreach (var value in values)
        {
            var scheme = value.AsSpan().TrimStart();
            var end = scheme.IndexOfAny(' ', ',');
            if ((end < 0 ? scheme : scheme[..end]).Equals(AssertionScheme, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string? OwnerOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CellularHeaders.TenantOwner, out var values) ? values.FirstOrDefault() : null;

    private static void SetResponseHeaders(HttpContext httpContext)
    {
        var routed = httpContext.Features.GetRequiredFeature<RoutedRequest>();
        var headers = httpContext.Response.Headers;
        headers[CellularHeaders.CellId] = routed.CellId;
        headers[CellularHeaders.CellRoute] = routed.RouteHeader;

        // What a cell says to the router is not for the client.
        headers.Remove(CellularHeaders.TenantOwner);
        headers.Remove(CellularHeaders.TenantAssertion);
    }

    /// <summary>Drops the response headers the cell's <c>Connection</c> header names: they were for its hop only.</summary>
    private static void RemoveNominated(HttpContext httpContext, HttpResponseMessage proxyResponse)
    {
        if (!proxyResponse.Headers.NonValidated.TryGetValues("Connection", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            foreach (var nominated in HopByHop.Nominated(value) ?? [])
            {
                httpContext.Response.Headers.Remove(nominated);
            }
        }
    }

    private static async ValueTask Awaited(ValueTask copy, HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix)
    {
        await copy;
        Apply(httpContext, proxyRequest, destinationPrefix);
    }

    private static async ValueTask<bool> AwaitedResponse(ValueTask<bool> copy, HttpContext httpContext, HttpResponseMessage? proxyResponse)
    {
        var result = await copy;
        if (proxyResponse is not null)
        {
            SetResponseHeaders(httpContext);
            RemoveNominated(httpContext, proxyResponse);
        }

        return result;
    }
}
