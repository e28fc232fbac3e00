using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>The outcome of one seed: the violations (none when every invariant held), what happened, and the trace when kept.</summary>
internal sealed record RunResult(
    int Seed,
    IReadOnlyList<Violation> Violations,
    long Events,
    long WritesAcknowledged,
    IReadOnlyDictionary<MigrationState, int> Migrations,
    string Trace)
{
    public bool Passed => Violations.Count == 0;

    public bool Holds(Invariant invariant) => Violations.All(v => v.Invariant != invariant);
}
