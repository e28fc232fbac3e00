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
    public static int Allocate(string host, int portBase, IReadOnlyCollection<string> endpointsInUse) =>
        Allocate(host, portBase, endpointsInUse, []);

    /// <summary>
    /// As <see cref="Allocate(string, int, IReadOnlyCollection{string})"/>, also skipping
    /// <paramref name="reservedPorts"/>: ports promised to processes that may not listen yet.
    /// </summary>
    public static int Allocate(string host, int portBase, IReadOnlyCollection<string> endpointsInUse, IEnumerable<int> reservedPorts)
    {
        var claimed = new HashSet<int>(reservedPorts);
        foreach (var endpoint in endpointsInUse)
        {
            if (PortOf(endpoint) is { } port)
            {
                claimed.Add(port);
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

    /// <summary>The port of <paramref name="endpoint"/>, or null when it is not an absolute URL.</summary>
    public static int? PortOf(string endpoint) => Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Port : null;

    public static IPAddress Address(string host) => host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
}
