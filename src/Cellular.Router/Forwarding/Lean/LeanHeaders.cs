using System.Collections.Frozen;
using System.Text;
using Cellular.Core;

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

    /// <summary>
    /// The response header names the lean path knows, by length: each holds the name's interned
    /// string and whether it is never copied (<see cref="SkippedResponse"/> and the router's own
    /// <c>X-Cellular-Owner</c>, <c>X-Cellular-Assertion</c>, <c>X-Cell-Id</c>, <c>X-Cell-Route</c>).
    /// One look-up per header instead of a walk over every list.
    /// </summary>
    private static readonly ResponseName[][] ResponseByLength = BuildResponseNames();

    /// <summary>
    /// True when a response header named <paramref name="name"/> is never copied to the client;
    /// otherwise <paramref name="known"/> is the name's interned string when the lean path knows it
    /// (null: make one).
    /// </summary>
    public static bool IsSkippedResponse(ReadOnlySpan<byte> name, out string? known)
    {
        known = null;
        if ((uint)name.Length >= (uint)ResponseByLength.Length)
        {
            return false;
        }

        foreach (var entry in ResponseByLength[name.Length])
        {
            if (Ascii.EqualsIgnoreCase(name, entry.Name))
            {
                known = entry.Name;
                return entry.Skipped;
            }
        }

        return false;
    }

    private static ResponseName[][] BuildResponseNames()
    {
        string[] own = [CellularHeaders.TenantOwner, CellularHeaders.TenantAssertion, CellularHeaders.CellId, CellularHeaders.CellRoute];
        var all = SkippedResponse.Concat(own).Select(name => new ResponseName(name, Skipped: true))
            .Concat(Known.Select(name => new ResponseName(name, Skipped: false)))
            .ToArray();
        var table = new ResponseName[all.Max(entry => entry.Name.Length) + 1][];
        for (var length = 0; length < table.Length; length++)
        {
            table[length] = [.. all.Where(entry => entry.Name.Length == length)];
        }

        return table;
    }

    private sealed record ResponseName(string Name, bool Skipped);
}
