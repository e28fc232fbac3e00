namespace Cellular.Simulation;

/// <summary>One fault of a schedule: what, to which nodes, when and for how long (simulated ms).</summary>
/// <remarks>A fault with a <paramref name="Checkpoint"/> strikes the replica that reaches that workflow checkpoint for the <paramref name="Occurrence"/>-th time in the run (as the crash drill does), not at a time.</remarks>
internal sealed record Fault(FaultKind Kind, IReadOnlyList<string> Nodes, long AtMs, long ForMs, string? Checkpoint = null, int Occurrence = 0)
{
    public override string ToString() => Checkpoint is null
        ? $"{Kind} {string.Join(",", Nodes)} at {AtMs} ms for {ForMs} ms"
        : $"{Kind} of the replica reaching {Checkpoint} (#{Occurrence}) for {ForMs} ms";
}
