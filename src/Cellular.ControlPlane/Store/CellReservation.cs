namespace Cellular.ControlPlane.Store;

/// <summary>Weight that migrations under way (not yet switched) will add to and take from a cell.</summary>
/// <param name="Incoming">Weight of tenants heading into the cell.</param>
/// <param name="Outgoing">Weight of tenants leaving it.</param>
internal sealed record CellReservation(long Incoming, long Outgoing);
