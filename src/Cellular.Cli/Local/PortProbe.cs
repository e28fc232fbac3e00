using System.Net;
using System.Net.Sockets;

namespace Cellular.Cli.Local;

/// <summary>Checks local TCP ports before a part is started on them, so a clash is reported clearly and early.</summary>
public static class PortProbe
{
    /// <summary>True when nothing listens on <paramref name="port"/> of 127.0.0.1.</summary>
    public static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // Match Kestrel: a port whose old connections linger in TIME_WAIT is still free to listen on.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port the OS considers free right now (it may be taken again before it is used).</summary>
    public static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
