using Microsoft.Extensions.Primitives;

namespace Cellular.Router.Forwarding;

/// <summary>The header names a <c>Connection</c> header nominates as hop-by-hop (RFC 9110 7.6.1), for both forwarding paths.</summary>
internal static class HopByHop
{
    /// <summary>
    /// The names in <paramref name="connection"/> other than the connection options <c>close</c> and
    /// <c>keep-alive</c>, and <c>Upgrade</c>, which YARP handles itself for WebSockets.
    /// </summary>
    public static List<string> Nominated(StringValues connection)
    {
        var names = new List<string>();
        foreach (var value in connection)
        {
            foreach (var token in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!token.Equals("close", StringComparison.OrdinalIgnoreCase) && !token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
                    && !token.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    names.Add(token);
                }
            }
        }

        return names;
    }
}
