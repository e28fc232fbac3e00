namespace Cellular.Router;

/// <summary>
/// How the router sends requests to cells, bound from <c>Cellular:Router:Forwarding</c>. Plain
/// HTTP/1.1 requests to cells reached over plain HTTP take the router's lean path (pooled
/// keep-alive connections, headers written as bytes, the cell's response parsed once); upgrades,
/// HTTP/2, gRPC, TLS to cells and traced requests take YARP. The path each request took is the
/// <c>path</c> tag of <c>cellular.router.request.duration</c>.
/// </summary>
public sealed class ForwardingOptions
{
    /// <summary>True to send plain HTTP/1.1 requests on the lean path; false sends every request with YARP.</summary>
    /// <value>Defaults to true.</value>
    public bool Lean { get; set; } = true;

    /// <summary>Idle keep-alive connections the lean path keeps per cell (1 to 100,000); more are closed when they come back.</summary>
    /// <value>Defaults to 1,024.</value>
    public int MaxIdleConnectionsPerCell { get; set; } = 1024;

    /// <summary>How long an idle lean connection may wait for its next request before it is closed (1 second to 1 hour).</summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest response head (status line and headers) the lean path accepts from a cell (1 KiB to 1 MiB); a larger one is a bad response (502).</summary>
    /// <value>Defaults to 64 KiB.</value>
    public int MaxResponseHeaderBytes { get; set; } = 64 * 1024;
}
