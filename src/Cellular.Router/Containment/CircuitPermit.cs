namespace Cellular.Router.Containment;

/// <summary>What a <see cref="CellCircuit"/> says about one request about to be forwarded.</summary>
internal enum CircuitPermit
{
    /// <summary>Refused: the circuit is open, or half-open with its probe in flight.</summary>
    Refused,

    /// <summary>Forward it; the circuit is closed.</summary>
    Allowed,

    /// <summary>Forward it as the half-open probe: its outcome closes or re-opens the circuit.</summary>
    Probe,
}
