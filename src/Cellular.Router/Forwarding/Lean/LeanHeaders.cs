using System.Collections.Frozen;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// The header names the lean path never copies between the client's connection and the cell's:
/// hop-by-hop headers (RFC 9110 7.6.1) and the proxy headers YARP also drops; plus interned
/// names for the response headers cells send most, so copying them makes no string.
/// </summary>
internal static class LeanHeaders
{
    /// <summary>Response headers of the cell's connection, never copied to the client.</summary>
    public static readonly string[] SkippedResponse =
    [
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authentication-Info", "Proxy-Features", "Proxy-Instruction",
        "Security-Scheme", "ALPN", "Close", "HTTP2-Settings", "Alt-Svc", "Content-Length",
    ];

    /// <summary>
    /// Request headers that belong to the client's connection, or that the lean path writes itself:
    /// the connection's headers as for responses, plus <c>Host</c>, <c>Expect</c> and the client's proxy credentials.
    /// </summary>
    public static readonly FrozenSet<string> SkippedRequest = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, [.. SkippedResponse, "Host", "Proxy-Authorization", "Expect"]);

    /// <summary>Trace context headers, replaced by the router's own when a trace is current.</summary>
    public static readonly FrozenSet<string> TraceContext = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context");

    /// <summary>Names cells send on most responses, matched without making a string.</summary>
    public static readonly string[] Known =
    [
        "Content-Type", "Date", "Server", "Cache-Control", "ETag", "Last-Modified", "Location", "Vary",
        "Set-Cookie", "Expires", "Content-Encoding", "WWW-Authenticate", "Retry-After", "Content-Language",
        "Access-Control-Allow-Origin", "X-Backend", "Retry-After-Ms", "Content-Disposition", "Pragma", "Age",
    ];
}
