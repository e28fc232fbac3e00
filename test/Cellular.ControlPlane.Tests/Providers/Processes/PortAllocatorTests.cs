using System.Net;
using System.Net.Sockets;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers.Processes;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Providers.Processes;

public sealed class PortAllocatorTests
{
    [Fact]
    public void Allocate_NothingInUse_ReturnsBase()
    {
        var port = FreePort.Next();

        Assert.Equal(port, PortAllocator.Allocate("127.0.0.1", port, []));
    }

    [Fact]
    public void Allocate_PortsOfLiveCells_AreSkipped()
    {
        var port = FreePort.Next();
        string[] inUse = [$"http://127.0.0.1:{port}", $"http://127.0.0.1:{port + 1}/"];

        var allocated = PortAllocator.Allocate("127.0.0.1", port, inUse);

        Assert.True(allocated >= port + 2);
    }

    [Fact]
    public void Allocate_PortBoundByAnotherProgram_IsSkipped()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var busy = ((IPEndPoint)listener.LocalEndpoint).Port;

        var allocated = PortAllocator.Allocate("127.0.0.1", busy, []);

        Assert.NotEqual(busy, allocated);
        Assert.True(allocated > busy);
    }

    [Fact]
    public void Allocate_NoPortLeft_ThrowsConflictNamingTheSetting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var busy = ((IPEndPoint)listener.LocalEndpoint).Port;
        var claimed = Enumerable.Range(busy + 1, IPEndPoint.MaxPort - busy).Select(p => $"http://127.0.0.1:{p}").ToList();

        var e = Assert.Throws<ControlPlaneException>(() => PortAllocator.Allocate("127.0.0.1", busy, claimed));

        Assert.Equal(ProblemKind.Conflict, e.Kind);
        Assert.Contains("PortBase", e.Message, StringComparison.Ordinal);
    }
}
