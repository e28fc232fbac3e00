using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// One request on the lean path: what it needs while it is sent, and how it ended. Owned and
/// reused by a pooled <see cref="RoutedRequest"/>, so the lean path allocates none per request.
/// </summary>
internal sealed class Exchange
{
    /// <summary>The client's request.</summary>
    public HttpContext Context { get; private set; } = null!;

    /// <summary>The routing decision.</summary>
    public RoutedRequest Routed { get; private set; } = null!;

    /// <summary>The cell's connections.</summary>
    public UpstreamPool Pool { get; private set; } = null!;

    /// <summary>The cell's activity timeout: the longest wait for any progress of the cell.</summary>
    public TimeSpan Timeout { get; private set; }

    /// <summary>How the request body is framed.</summary>
    public BodyFraming Framing { get; set; }

    /// <summary>How forwarding ended.</summary>
    public ForwarderError Error { get; set; }

    /// <summary>Readies the instance for one send.</summary>
    public Exchange Start(HttpContext context, RoutedRequest routed, UpstreamPool pool, TimeSpan timeout)
    {
        Context = context;
        Routed = routed;
        Pool = pool;
        Timeout = timeout;
        Framing = BodyFraming.None;
        Error = ForwarderError.None;
        return this;
    }

    /// <summary>Drops every reference so a pooled instance keeps nothing alive.</summary>
    public void Clear()
    {
        Context = null!;
        Routed = null!;
        Pool = null!;
    }
}
