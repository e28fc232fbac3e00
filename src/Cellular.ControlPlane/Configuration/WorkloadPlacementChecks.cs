using System.Net;

namespace Cellular.ControlPlane.Configuration;

/// <summary>
/// The settings every provider that runs cells on this machine shares (a data directory, a host,
/// a first port), checked the same way with messages naming the key.
/// </summary>
internal static class WorkloadPlacementChecks
{
    public static void Check(List<string> failures, string section, string? dataDir, int portBase, string? host)
    {
        if (string.IsNullOrWhiteSpace(dataDir))
        {
            failures.Add($"{section}:DataDir must name a directory.");
        }

        if (portBase is < 1 or > 65535)
        {
            failures.Add($"{section}:PortBase must be a port number (1 to 65535), not {portBase}.");
        }

        if (string.IsNullOrWhiteSpace(host) || (host != "localhost" && !IPAddress.TryParse(host, out _)))
        {
            failures.Add($"{section}:Host must be an IP address or 'localhost', not '{host}'.");
        }
    }
}
