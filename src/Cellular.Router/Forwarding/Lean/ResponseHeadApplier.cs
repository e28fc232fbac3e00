using System.Text;
using Cellular.Core;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// Puts a cell's final response head on the client's response, as <see cref="CellTransformer"/>
/// does on the YARP path: a 421 or a 401 refusing the router's assertion is only noted on the
/// <see cref="RoutedRequest"/>; otherwise the status and every header but the hop-by-hop ones
/// (those the cell's <c>Connection</c> header names included) and the cell's internal ones are
/// copied, framing is left to Kestrel, and <c>X-Cell-Id</c>/<c>X-Cell-Route</c> are the router's.
/// </summary>
internal static class ResponseHeadApplier
{
    /// <summary>Applies <paramref name="head"/>, parsed from <paramref name="data"/>, to the response of <paramref name="context"/>.</summary>
    public static void Apply(HttpContext context, RoutedRequest routed, ResponseHead head, ReadOnlySpan<byte> data)
    {
        var status = head.Status;
        if (status == StatusCodes.Status421MisdirectedRequest)
        {
            routed.Misdirect(Find(head, data, CellularHeaders.TenantOwner));
            return;
        }

        if (status == StatusCodes.Status401Unauthorized && IsAssertionChallenge(head, data))
        {
            routed.RefuseAssertion();
            return;
        }

        var response = context.Response;
        response.StatusCode = status;
        var headers = response.Headers;
        var lines = head.Headers;
        for (var i = 0; i < lines.Length; i++)
        {
            var range = lines[i];
            var name = data.Slice(range.NameStart, range.NameLength);
            if (LeanHeaders.IsSkippedResponse(name, out var known) || Nominated(name, head, data))
            {
                continue;
            }

            headers.Append(known ?? Encoding.Latin1.GetString(name), head.Values.Get(i, data.Slice(range.ValueStart, range.ValueLength)));
        }

        if (head.ContentLength >= 0 && status is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified))
        {
            // A HEAD answer's length describes the GET's body; otherwise it frames the body Kestrel writes.
            headers.ContentLength = head.ContentLength;
        }

        headers[CellularHeaders.CellId] = routed.CellId;
        headers[CellularHeaders.CellRoute] = routed.RouteHeader;
    }

    private static bool Nominated(ReadOnlySpan<byte> name, ResponseHead head, ReadOnlySpan<byte> data)
    {
        foreach (var nominated in head.Nominated)
        {
            if (Ascii.EqualsIgnoreCase(name, data.Slice(nominated.NameStart, nominated.NameLength)))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Find(ResponseHead head, ReadOnlySpan<byte> data, string name)
    {
        foreach (var range in head.Headers)
        {
            if (Ascii.EqualsIgnoreCase(data.Slice(range.NameStart, range.NameLength), name))
            {
                return Encoding.Latin1.GetString(data.Slice(range.ValueStart, range.ValueLength));
            }
        }

        return null;
    }

    private static bool IsAssertionChallenge(ResponseHead head, ReadOnlySpan<byte> data)
    {
        foreach (var range in head.Headers)
        {
            if (!Ascii.EqualsIgnoreCase(data.Slice(range.NameStart, range.NameLength), "WWW-Authenticate"))
            {
                continue;
            }

            var scheme = data.Slice(range.ValueStart, range.ValueLength);
            var end = scheme.IndexOfAny((byte)' ', (byte)',');
            if (Ascii.EqualsIgnoreCase(end < 0 ? scheme : scheme[..end], CellTransformer.AssertionScheme))
            {
                return true;
            }
        }

        return false;
    }
}
