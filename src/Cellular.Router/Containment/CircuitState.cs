namespace Cellular.Router.Containment;

/// <summary>
/// One immutable state of a <see cref="CellCircuit"/>. Transitions swap the whole object with a
/// compare-and-swap, so a reader always sees a consistent status and deadline, and only the
/// thread that wins a transition acts on it (logs it, sends the probe).
/// </summary>
internal sealed class CircuitState
{
    private CircuitState(CircuitStatus status, long until)
    {
        Status = status;
        Until = until;
    }

    /// <summary>The closed state; shared, it carries nothing.</summary>
    public static CircuitState Closed { get; } = new(CircuitStatus.Closed, 0);

    /// <summary>The status.</summary>
    public CircuitStatus Status { get; }

    /// <summary>
    /// Timestamp (<see cref="TimeProvider.GetTimestamp"/>) that ends this state: for
    /// <see cref="CircuitStatus.Open"/> the end of the break; for <see cref="CircuitStatus.HalfOpen"/>
    /// the moment a probe that never reported is given up and another one may go.
    /// </summary>
    public long Until { get; }

    /// <summary>An open state whose break ends at <paramref name="until"/>.</summary>
    public static CircuitState Open(long until) => new(CircuitStatus.Open, until);

    /// <summary>A half-open state whose probe is given up at <paramref name="until"/>.</summary>
    public static CircuitState HalfOpen(long until) => new(CircuitStatus.HalfOpen, until);
}
