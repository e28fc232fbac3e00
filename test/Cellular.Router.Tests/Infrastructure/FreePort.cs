using System.Net;
using System.Net.Sockets;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>Loopback ports for tests.</summary>
internal static class FreePort
{
    /// <summary>A port nothing listens on (it was free a moment ago): connecting to it is refused at once.</summary>
    public static int Dead()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string DeadUrl() => $"http://127.0.0.1:{Dead()}";
}
