using System.Net.Sockets;

namespace Cellular.Router.Io;

/// <summary>
/// The connect step of the router's own HTTP clients (<see cref="SocketsHttpHandler.ConnectCallback"/>):
/// a TCP connection wrapped in a <see cref="ThreadPoolReadStream"/>, so responses from the control
/// plane and identity providers are processed on the thread pool, never on the I/O threads that
/// serve tenants (TLS, when the URL asks for it, is added by the handler on top).
/// </summary>
internal static class PoolConnector
{
    /// <summary>A handler whose connections continue on the thread pool; otherwise SocketsHttpHandler's defaults.</summary>
    public static SocketsHttpHandler CreateHandler() => new() { ConnectCallback = ConnectAsync };

    /// <summary>Connects to the host and port of the request, as the default callback does.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new ThreadPoolReadStream(new NetworkStream(socket, ownsSocket: true));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
