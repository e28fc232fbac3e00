using Microsoft.Extensions.Primitives;

namespace Cellular.Router.Forwarding;

/// <summary>The header names a <c>Connection</c> header nominates as hop-by-hop (RFC 9110 7.6.1), for both forwarding paths.</summary>
internal static class HopByHop
{
    /// <summary>
    /// The names in <paramref name="connection"/> other than the connection options <c>close</c> and
    /// <c>keep-alive</c>, and <c>Upgrade</c>, which YARP handles itself for WebSockets; null when there
    /// are none, so the usual <c>Connection: keep-alive</c> costs no allocation on the request path.
    /// </summary>
    public static List<string>? Nominated(StringValues connection)
    {
        List<string>? names = null;
        foreach (var value in connection)
        {
            var text = (value ?? string.Empty).AsSpan();
            foreach (var range in text.Split(','))
            {
                var token = text[range].Trim();
                if (token.Length > 0
                    && !token.Equals("close", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    (names ??= []).Add(token.ToString());
                }
            }
        }

        return names;
    }
}
