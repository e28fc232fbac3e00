namespace Cellular.Simulation;

/// <summary>One broken invariant of one run: which, what exactly, and when (simulated ms).</summary>
internal sealed record Violation(Invariant Invariant, string Detail, long AtMs)
{
    public override string ToString() => $"{InvariantNames.Of(Invariant)} at {AtMs} ms: {Detail}";
}
