namespace Cellular.ControlPlane.Providers;

/// <summary>The answer of one <c>GET /_cell/health</c>.</summary>
/// <param name="Healthy">True when the cell answered 200.</param>
/// <param name="Cell">The cell id the cell reported, when it sent a readable body.</param>
/// <param name="Detail">What happened, for messages: <c>200 OK</c>, <c>503 ServiceUnavailable</c>, <c>Connection refused</c>…</param>
internal sealed record ProbeResult(bool Healthy, string? Cell, string Detail);
