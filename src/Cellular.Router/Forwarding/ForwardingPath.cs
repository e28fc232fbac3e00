namespace Cellular.Router.Forwarding;

/// <summary>Which path sent a request to its cell; the <c>path</c> tag of <c>cellular.router.request.duration</c>.</summary>
internal enum ForwardingPath
{
    /// <summary>The request reached no cell.</summary>
    None,

    /// <summary>The router's own HTTP/1.1 path on pooled connections.</summary>
    Lean,

    /// <summary>YARP's forwarder (upgrades, HTTP/2, gRPC, TLS to cells, traced requests, or the lean path switched off).</summary>
    Yarp,
}
