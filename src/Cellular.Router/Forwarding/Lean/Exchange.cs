using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>One request on the lean path: what it needs while it is sent, and how it ended.</summary>
internal sealed class Exchange(HttpContext context, RoutedRequest routed, UpstreamPool pool, TimeSpan timeout)
{
    /// <summary>The client's request.</summary>
    public HttpContext Context { get; } = context;

    /// <summary>The routing decision.</summary>
    public RoutedRequest Routed { get; } = routed;

    /// <summary>The cell's connections.</summary>
    public UpstreamPool Pool { get; } = pool;

    /// <summary>The cell's activity timeout: the longest wait for any progress of the cell.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>How the request body is framed.</summary>
    public BodyFraming Framing { get; set; }

    /// <summary>How forwarding ended.</summary>
    public ForwarderError Error { get; set; }
}
