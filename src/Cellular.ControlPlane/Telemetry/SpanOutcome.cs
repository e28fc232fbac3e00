namespace Cellular.ControlPlane.Telemetry;

/// <summary>How a traced workflow step ended: the recorded state it left, and whether that is a failure (the span's status is then an error).</summary>
internal readonly record struct SpanOutcome(string Value, bool Failed);
