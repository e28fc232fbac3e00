using Cellular.Router.Forwarding.Lean;
namespace Cellular.Router.Routing;

/// <summary>
/// The pooled connection to one cell endpoint: one <see cref="HttpMessageInvoker"/> shared by
/// every request to the cell, kept for as long as the cell's endpoint stays the same.
/// </summary>
internal sealed class CellConnection
{
    private long _lastFailureLogTimestamp = long.MinValue;

    /// <summary>Creates the connection; the invoker is owned by <see cref="CellInvokers"/>.</summary>
    public CellConnection(string cellId, string endpoint, HttpMessageInvoker invoker, UpstreamPool? lean = null)
    {
        CellId = cellId;
        Endpoint = endpoint;
        Invoker = invoker;
        Lean = lean;
    }

    /// <summary>The cell this connection belongs to.</summary>
    public string CellId { get; }

    /// <summary>The cell's base URL, used as YARP's destination prefix.</summary>
    public string Endpoint { get; }

    /// <summary>The pooled client for <see cref="Endpoint"/>.</summary>
    public HttpMessageInvoker Invoker { get; }

    /// <summary>The lean path's keep-alive connections to <see cref="Endpoint"/>; null when the lean path is off or the cell needs TLS.</summary>
    public UpstreamPool? Lean { get; }

    /// <summary>
    /// True at most once per <paramref name="interval"/>, so a dead cell under load produces one
    /// log line every few seconds instead of one per request.
    /// </summary>
    public bool ShouldLogFailure(long nowTimestamp, long interval)
    {
        var last = Interlocked.Read(ref _lastFailureLogTimestamp);
        return (last == long.MinValue || nowTimestamp - last >= interval)
            && Interlocked.CompareExchange(ref _lastFailureLogTimestamp, nowTimestamp, last) == last;
    }
}
