using System.Net;
using System.Net.Sockets;

namespace Cellular.Testing;

/// <summary>Loopback ports for tests that start real servers or processes.</summary>
public static class FreePort
{
    /// <summary>A loopback port nothing listened on a moment ago (the OS picked it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
