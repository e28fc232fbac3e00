namespace Cellular.ControlPlane.Hosting;

/// <summary>Identity of this control-plane process, reported by the health endpoint.</summary>
internal sealed record ControlPlaneInstance(int ProcessId, DateTimeOffset StartedAt);
