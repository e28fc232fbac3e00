namespace Cellular.Simulation;

/// <summary>A cell's answer to a client write: accepted, or refused with 421 before any work.</summary>
internal sealed record WriteAnswer(bool Accepted, string? Refusal)
{
    public override string ToString() => Accepted ? "accepted" : "421 " + Refusal;
}
