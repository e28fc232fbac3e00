namespace Cellular.Simulation;

/// <summary>Where the routers send a tenant: the routing table's row.</summary>
internal sealed record Route(string Cell, long Epoch);
