using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests.Tracing;

/// <summary>
/// A two-cell stack whose control plane and router export traces to an <see cref="OtlpReceiver"/>;
/// the cells get the collector's address from the control plane (xunit class fixture).
/// </summary>
public sealed class TracedStack : IAsyncLifetime
{
    public OtlpReceiver Collector { get; private set; } = null!;

    public Stack Stack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Collector = new OtlpReceiver();
        string[] telemetry = [$"--Cellular:Telemetry:Otlp:Endpoint={Collector.Endpoint}"];
        Stack = await Stack.StartAsync(
            cells: 2,
            routerArguments: telemetry,
            controlPlaneArguments: [.. telemetry, "--Cellular:ControlPlane:Migrations:Soak=00:00:00.200"]);
    }

    public async Task DisposeAsync()
    {
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }

        await Collector.DisposeAsync();
    }
}
