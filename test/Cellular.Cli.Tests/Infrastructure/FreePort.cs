using System.Net;
using System.Net.Sockets;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>A port nothing listens on, and a way to keep one busy.</summary>
internal static class FreePort
{
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static TcpListener Occupy()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }
}
