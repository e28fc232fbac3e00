namespace Cellular.Simulation;

/// <summary>
/// One random fault schedule, drawn from a seed: the shape of the system, the network's behaviour,
/// when operators plan moves, and the faults (with the seeds of the network's and the clients'
/// own random streams, so the schedule is fixed before the run starts).
/// </summary>
internal sealed record Scenario(
    int Seed,
    int Replicas,
    int Cells,
    int Routers,
    int Tenants,
    NetworkProfile Network,
    IReadOnlyList<PlannedMove> Moves,
    IReadOnlyList<Fault> Faults,
    int NetworkSeed,
    int ClientSeed);
