using System.Net;
using System.Net.Sockets;
using Cellular.ControlPlane.Errors;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// Finds a port for a new process cell: the first from the base upward that no live cell
/// claims and that nothing on this machine is listening on right now.
/// </summary>
internal static class PortAllocator
{
    public static int Allocate(string host, int portBase, IReadOnlyCollection<string> endpointsInUse)
    {
        var claimed = new HashSet<int>();
        foreach (var endpoint in endpointsInUse)
        {
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            {
                claimed.Add(uri.Port);
            }
        }

        var address = Address(host);
        for (var port = portBase; port <= IPEndPoint.MaxPort; port++)
        {
            if (!claimed.Contains(port) && IsFree(address, port))
            {
                return port;
            }
        }

        throw new ControlPlaneException(
            ProblemKind.Conflict,
            "No free port",
            $"No port from {portBase} to {IPEndPoint.MaxPort} is free on {host}; lower Cellular:Process:PortBase or retire cells.");
    }

    /// <summary>True when a listener can bind <paramref name="address"/>:<paramref name="port"/> now.</summary>
    public static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static IPAddress Address(string host) => host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
}
