namespace Cellular.ControlPlane.Metrics;

/// <summary>Creates <see cref="ControlPlaneMetrics"/> at start-up: its observable instruments exist only once it is built.</summary>
internal sealed class ControlPlaneMetricsActivator(ControlPlaneMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(metrics);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
