using System.Net;
using System.Net.Sockets;

namespace Cellular.StoreBenchmark;

/// <summary>Loopback ports for what the benchmark starts (PostgreSQL, the control plane).</summary>
internal static class Ports
{
    /// <summary>A port nothing listens on right now.</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
