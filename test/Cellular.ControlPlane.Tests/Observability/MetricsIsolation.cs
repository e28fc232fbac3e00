namespace Cellular.ControlPlane.Tests.Observability;

/// <summary>
/// Tests that read a control plane's <c>/metrics</c> run alone: an OpenTelemetry meter provider
/// listens to every meter of its name in the process, so another test app's <c>Cellular.ControlPlane</c>
/// instruments, alive at the same time, would answer in this app's scrape. One control plane
/// per process, as in production, has no such neighbours.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsIsolation
{
    public const string Name = "metrics isolation";
}
