namespace Cellular.Router;

/// <summary>
/// How the router's sockets are served, bound from <c>Cellular:Router:Io</c> and applied once, at
/// start, before the first socket exists (<see cref="CellularRouterIoExtensions.UseCellularRouterIo"/>).
/// </summary>
public sealed class IoOptions
{
    /// <summary>
    /// True to run socket completions and the request pipeline on the socket I/O threads, as an
    /// event-loop proxy (nginx, HAProxy) does, instead of handing every completion to the thread
    /// pool: a request then costs no thread hop and no wake-up between reading it, forwarding it and
    /// answering it. Safe because the request path never blocks; the router's own HTTP clients and
    /// endpoints move their work to the thread pool. False restores .NET's default.
    /// Sets <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> for the process unless the
    /// environment already sets that variable, which then wins.
    /// </summary>
    /// <value>Defaults to true.</value>
    public bool InlineCompletions { get; set; } = true;

    /// <summary>
    /// Socket I/O threads (1 to 64), or 0 for the runtime's choice (one per core with inline
    /// completions). Sets <c>DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT</c> unless the environment sets it.
    /// </summary>
    /// <value>Defaults to 0.</value>
    public int Threads { get; set; }
}
