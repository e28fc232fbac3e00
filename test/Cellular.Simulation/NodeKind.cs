namespace Cellular.Simulation;

/// <summary>The kinds of process in the simulation.</summary>
internal enum NodeKind
{
    Replica,
    Cell,
    Router,
    Database,
}
